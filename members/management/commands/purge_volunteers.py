"""
Anonymise volunteers kept longer than the privacy notice promises: those who
ended longer ago than VOLUNTEER_ENDED_RETENTION_MONTHS, and sign-ups never
confirmed within VOLUNTEER_UNCONFIRMED_RETENTION_MONTHS. Run it daily.
"""

import logging

from django.core.management.base import BaseCommand

from members import services

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Anonymise volunteers whose retention period has run out."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list who would be anonymised."
        )

    def handle(self, *args, dry_run=False, **options):
        due = list(services.volunteers_to_purge())
        for volunteer in due:
            reason = "ended" if volunteer.status == volunteer.Status.ENDED else "never confirmed"
            if not dry_run:
                services.anonymise_volunteer(
                    volunteer=volunteer, reason=f"Anonymiseret automatisk ({reason})."
                )
            logger.info(
                "Volunteer %s anonymised (%s)%s",
                volunteer.pk,
                reason,
                " [dry run]" if dry_run else "",
            )
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{len(due)} volunteer(s) {verb}.")
