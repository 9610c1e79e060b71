"""
The demo alliance's health history: the current quarter's value of every
signal, computed from the demo data, and four quarters before it that lead up
to it, so the health page has a trend to show from the first day.

The past cannot be computed (the demo data is loaded in one go), so the
earlier quarters are drawn back from today's value: a signal that has
improved a little each quarter, a few that have slipped. Everything goes
through the snapshot service; running it again stores the same values.
"""

from decimal import Decimal

from django.utils import timezone

from secretariat.health import DAYS, NUMBER, PERCENT, SIGNALS, previous_quarters
from secretariat.services.snapshots import record_snapshot, take_snapshot

# How far each of the four earlier quarters lay from today's value, oldest first,
# as a share of the signal's typical size: most signals improved steadily...
IMPROVED = [Decimal("-0.30"), Decimal("-0.22"), Decimal("-0.12"), Decimal("-0.05")]
# ...and these slipped lately, so the page shows both directions.
SLIPPED = {"activities_on_track", "communication_messages", "backbone_task_age"}
SLIPPING = [Decimal("0.05"), Decimal("0.10"), Decimal("0.08"), Decimal("0.04")]
# What a signal measures when today's data gives no value.
FALLBACK = {PERCENT: Decimal(50), DAYS: Decimal(20)}


def _past_value(signal, now, offset):
    """The value `offset` (a share) away from `now`, in the direction that was worse or better."""
    size = now if now else FALLBACK.get(signal.unit, Decimal(4))
    change = size * offset if signal.unit != PERCENT else Decimal(100) * offset / 2
    # An improvement in a "lower is better" signal means the past value was higher.
    value = now - change if not signal.up_is_good else now + change
    value = max(value, Decimal(0))
    if signal.unit == PERCENT:
        value = min(value, Decimal(100))
    if signal.unit == NUMBER and now == now.to_integral_value():
        # A count stays a whole number.
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.1"))


def seed_snapshots(today=None):
    """Store the current quarter from the data and four earlier quarters; return how many."""
    today = today or timezone.localdate()
    current = {snapshot.signal: snapshot.value for snapshot in take_snapshot(today)}
    stored = len(current)
    for signal in SIGNALS:
        now = current[signal.key]
        if now is None:
            now = FALLBACK.get(signal.unit, Decimal(4))
        offsets = SLIPPING if signal.key in SLIPPED else IMPROVED
        for quarter, offset in zip(previous_quarters(today), offsets, strict=True):
            record_snapshot(
                quarter=quarter.start, signal=signal, value=_past_value(signal, now, offset)
            )
            stored += 1
    return stored
