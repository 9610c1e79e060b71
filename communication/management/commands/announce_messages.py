"""
Tell the readers of messages that were scheduled and have now gone live.
Run it every few minutes: each message is announced once.
"""

from django.core.management.base import BaseCommand

from communication.services.messages import announce_due_messages


class Command(BaseCommand):
    help = "Announce messages whose publishing time has come."

    def handle(self, *args, **options):
        announced = announce_due_messages()
        self.stdout.write(f"Announced {announced} message(s).")
