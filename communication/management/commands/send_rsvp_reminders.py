"""
Remind group members who have not answered a meeting that starts within three
days. Run it every hour or so: each person is reminded once per meeting.
"""

from django.core.management.base import BaseCommand

from communication.services.meetings import send_rsvp_reminders


class Command(BaseCommand):
    help = "Remind invited members who have not answered a meeting starting within three days."

    def handle(self, *args, **options):
        sent = send_rsvp_reminders()
        self.stdout.write(f"Sent {sent} reminder(s).")
