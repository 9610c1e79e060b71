"""
The only code that stores the quarterly snapshots of the health signals.

A snapshot is the secretariat's own record of where a signal stood in a
quarter, kept so the health page can show the trend. Taking the snapshot
daily keeps the running quarter's values up to date: each run overwrites
them, until the quarter ends and its last values stay.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from secretariat.health import SIGNALS, compute_all, quarter_of
from secretariat.models import Snapshot

_CENTS = Decimal("0.01")


def record_snapshot(*, quarter: date, signal, value: Decimal | None) -> Snapshot:
    """Store one signal's value for the quarter starting `quarter`, replacing any before."""
    if value is not None:
        value = Decimal(value).quantize(_CENTS, ROUND_HALF_UP)
    snapshot, _created = Snapshot.objects.update_or_create(
        quarter=quarter_of(quarter),
        signal=signal.key,
        defaults={"condition": signal.condition, "value": value, "taken_at": timezone.now()},
    )
    return snapshot


@transaction.atomic
def take_snapshot(today: date | None = None) -> list[Snapshot]:
    """Store every signal's value now as the value of the current quarter."""
    today = today or timezone.localdate()
    values = compute_all(today)
    return [
        record_snapshot(quarter=today, signal=signal, value=values[signal.key])
        for signal in SIGNALS
    ]
