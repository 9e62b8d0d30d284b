"""Money of an appeal: weekly award, backdated arrears and annualised gain, from dated rates.

Plain functions of plain values: ``Rate`` rows come from the ``BenefitRate`` table (one per
component, rate and tax year). The rate in force on a day is the row with the latest
``valid_from`` on or before it; a day without a rate gives ``None`` rather than a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
WEEKS_IN_YEAR = 52
NONE = "none"


@dataclass(frozen=True)
class Rate:
    component: str
    rate: str
    valid_from: date
    weekly_amount: Decimal


@dataclass(frozen=True)
class Award:
    """The rate of each component of an award, e.g. {"daily_living": "standard"}."""

    daily_living: str = NONE
    mobility: str = NONE

    def items(self) -> tuple[tuple[str, str], ...]:
        return (("daily_living", self.daily_living or NONE), ("mobility", self.mobility or NONE))


def _in_force(rates: Sequence[Rate], component: str, rate: str, on: date) -> Rate | None:
    candidates = [
        r for r in rates if r.component == component and r.rate == rate and r.valid_from <= on
    ]
    return max(candidates, key=lambda r: r.valid_from, default=None)


def weekly_amount(rates: Sequence[Rate], award: Award, on: date) -> Decimal | None:
    """The weekly value of ``award`` at the rates in force on ``on``; None if a rate is missing."""
    total = Decimal("0.00")
    for component, rate in award.items():
        if rate == NONE:
            continue
        row = _in_force(rates, component, rate, on)
        if row is None:
            return None
        total += row.weekly_amount
    return total


def arrears(
    rates: Sequence[Rate], decided: Award, restored: Award, start: date, end: date
) -> Decimal | None:
    """What the restored award would have paid above the decided one from ``start`` (the
    original decision) up to but not including ``end`` (the appeal's outcome), day by day at
    the rates in force each day. None if any day lacks a rate."""
    if end <= start:
        return Decimal("0.00")
    total = Decimal("0")
    day = start
    while day < end:
        # Rates only change on a valid_from date: step through whole periods at once.
        next_change = min(
            (r.valid_from for r in rates if day < r.valid_from < end),
            default=end,
        )
        before = weekly_amount(rates, decided, day)
        after = weekly_amount(rates, restored, day)
        if before is None or after is None:
            return None
        total += (after - before) * (next_change - day).days / 7
        day = next_change
    return total.quantize(PENNY, rounding=ROUND_HALF_UP)


def annual_gain(rates: Sequence[Rate], decided: Award, restored: Award, on: date) -> Decimal | None:
    """The yearly difference between the restored and the decided award at ``on``'s rates."""
    before = weekly_amount(rates, decided, on)
    after = weekly_amount(rates, restored, on)
    if before is None or after is None:
        return None
    return ((after - before) * WEEKS_IN_YEAR).quantize(PENNY, rounding=ROUND_HALF_UP)
