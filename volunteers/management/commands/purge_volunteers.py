"""
Anonymise volunteers kept as long as the privacy notice promises, by the
retention rules in volunteers/retention.py (one per status and consent state),
and delete expired links and repeated sign-ups nobody confirmed. Anonymising
also deletes the person's queued mail and the admin's history of them, and
removes their data from the portal's history. Run it daily.
"""

import logging

from django.core.management.base import BaseCommand

from volunteers import retention, services

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Anonymise volunteers whose retention period has run out; drop expired links."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list who would be anonymised."
        )

    def handle(self, *args, dry_run=False, **options):
        due = retention.due_for_purge() if dry_run else services.purge_volunteers()
        for volunteer, rule in due:
            logger.info(
                "Volunteer %s anonymised (%s)%s",
                volunteer.pk,
                rule.key,
                " [dry run]" if dry_run else "",
            )
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{len(due)} volunteer(s) {verb}.")
