"""
How long the portal keeps a volunteer's data: one rule per status and consent state.

The rules are the one source for both the nightly purge (`purge_volunteers`)
and the privacy notice, which prints each rule's situation and period, so
what the notice promises and what the portal does cannot drift apart. A
volunteer is anonymised as soon as any rule's period has run out. Periods
come from settings, in months of 30 days.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from volunteers.models import Consent, ConsentPurpose, Volunteer

Status = Volunteer.Status


def months(count):
    """Months as days (30 each): the privacy notice states its periods in months."""
    return timedelta(days=30 * count)


@dataclass(frozen=True)
class RetentionRule:
    key: str
    # For the privacy notice: who the rule is about, and how long we keep them.
    situation: str
    period: str
    # The setting holding the period in months; None: kept while the state lasts.
    setting: str | None = None
    # The volunteers in this state whose period began before the cutoff.
    condition: Callable[[datetime], Q] | None = None

    @property
    def months(self):
        return getattr(settings, self.setting) if self.setting else None

    @property
    def period_text(self):
        return self.period % {"months": self.months} if self.setting else self.period

    def due(self, now):
        return self.condition(now - months(self.months))


def _contact_consents():
    return Consent.objects.filter(volunteer=OuterRef("pk"), purpose=ConsentPurpose.CONTACT)


def _withdrew_contact_before(cutoff):
    """No standing contact consent, and the last one was withdrawn before the cutoff."""
    return (
        ~Q(status=Status.ACTIVE)
        & Q(Exists(_contact_consents().filter(withdrawn_at__isnull=False)))
        & ~Q(Exists(_contact_consents().filter(withdrawn_at__isnull=True)))
        & ~Q(Exists(_contact_consents().filter(withdrawn_at__gte=cutoff)))
    )


RULES = (
    RetentionRule(
        key="unconfirmed",
        situation=_(
            "Du har meldt dig, men har aldrig bekræftet din e-mailadresse, "
            "og sekretariatet har ikke kontaktet dig."
        ),
        period=ngettext_lazy(
            "Anonymiseres efter %(months)d måned, regnet fra tilmeldingen.",
            "Anonymiseres efter %(months)d måneder, regnet fra tilmeldingen.",
            "months",
        ),
        setting="VOLUNTEER_UNCONFIRMED_RETENTION_MONTHS",
        condition=lambda cutoff: Q(
            status=Status.NEW, email_confirmed_at__isnull=True, created_at__lt=cutoff
        ),
    ),
    RetentionRule(
        key="new",
        situation=_(
            "Du har bekræftet din tilmelding, men sekretariatet har endnu ikke kontaktet dig."
        ),
        period=ngettext_lazy(
            "Anonymiseres efter %(months)d måned, regnet fra tilmeldingen.",
            "Anonymiseres efter %(months)d måneder, regnet fra tilmeldingen.",
            "months",
        ),
        setting="VOLUNTEER_NEW_RETENTION_MONTHS",
        condition=lambda cutoff: Q(
            status=Status.NEW, email_confirmed_at__isnull=False, created_at__lt=cutoff
        ),
    ),
    RetentionRule(
        key="contacted",
        situation=_("Sekretariatet har kontaktet dig, men du er ikke kommet i gang som frivillig."),
        period=ngettext_lazy(
            "Anonymiseres efter %(months)d måned, regnet fra den seneste ændring i dit forløb.",
            "Anonymiseres efter %(months)d måneder, regnet fra den seneste ændring i dit forløb.",
            "months",
        ),
        setting="VOLUNTEER_CONTACTED_RETENTION_MONTHS",
        condition=lambda cutoff: Q(status=Status.CONTACTED, status_changed_at__lt=cutoff),
    ),
    RetentionRule(
        key="active",
        situation=_("Du er aktiv som frivillig."),
        period=_(
            "Gemmes, så længe du er aktiv. Én gang om året spørger vi, om du vil fortsætte; "
            "svarer du ikke, sætter vi dig på pause."
        ),
    ),
    RetentionRule(
        key="paused",
        situation=_("Du er sat på pause, også hvis du ikke svarede på det årlige spørgsmål."),
        period=ngettext_lazy(
            "Anonymiseres efter %(months)d måned, regnet fra da du blev sat på pause.",
            "Anonymiseres efter %(months)d måneder, regnet fra da du blev sat på pause.",
            "months",
        ),
        setting="VOLUNTEER_PAUSED_RETENTION_MONTHS",
        condition=lambda cutoff: Q(status=Status.PAUSED, status_changed_at__lt=cutoff),
    ),
    RetentionRule(
        key="ended",
        situation=_("Du er stoppet som frivillig."),
        period=ngettext_lazy(
            "Anonymiseres efter %(months)d måned, regnet fra da du stoppede.",
            "Anonymiseres efter %(months)d måneder, regnet fra da du stoppede.",
            "months",
        ),
        setting="VOLUNTEER_ENDED_RETENTION_MONTHS",
        condition=lambda cutoff: Q(status=Status.ENDED, status_changed_at__lt=cutoff),
    ),
    RetentionRule(
        key="withdrawn",
        situation=_(
            "Du har trukket dit samtykke til at blive kontaktet tilbage og er ikke aktiv "
            "som frivillig."
        ),
        period=ngettext_lazy(
            "Anonymiseres efter %(months)d måned, regnet fra da du trak samtykket tilbage.",
            "Anonymiseres efter %(months)d måneder, regnet fra da du trak samtykket tilbage.",
            "months",
        ),
        setting="VOLUNTEER_WITHDRAWN_RETENTION_MONTHS",
        condition=_withdrew_contact_before,
    ),
)


def due_for_purge(now=None):
    """Each volunteer kept as long as the rules allow, with the first rule that says so."""
    now = now or timezone.now()
    found = {}
    for rule in RULES:
        if rule.condition is None:
            continue
        for volunteer in Volunteer.objects.present().filter(rule.due(now)).order_by("pk"):
            found.setdefault(volunteer.pk, (volunteer, rule))
    return list(found.values())
