"""
Once a year, ask each active volunteer whether they want to stay registered;
pause those who have not answered within VOLUNTEER_STAY_ANSWER_DAYS. Run it
daily: it only asks those whose year has passed.
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from volunteers import services

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Ask active volunteers yearly whether to stay; pause those who did not answer."

    def handle(self, *args, **options):
        asked, paused = services.ask_volunteers_to_stay(base_url=settings.PORTAL_URL)
        for volunteer in paused:
            logger.info("Volunteer %s paused: did not answer the yearly question", volunteer.pk)
        self.stdout.write(f"Asked {len(asked)} volunteer(s); paused {len(paused)}.")
