from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from appeals.money import Award, Rate, annual_gain, arrears, weekly_amount

RATES = [
    Rate("daily_living", "standard", date(2024, 4, 6), Decimal("72.65")),
    Rate("daily_living", "enhanced", date(2024, 4, 6), Decimal("108.55")),
    Rate("mobility", "standard", date(2024, 4, 6), Decimal("28.70")),
    Rate("mobility", "enhanced", date(2024, 4, 6), Decimal("75.75")),
    Rate("daily_living", "standard", date(2025, 4, 6), Decimal("73.90")),
    Rate("daily_living", "enhanced", date(2025, 4, 6), Decimal("110.40")),
    Rate("mobility", "standard", date(2025, 4, 6), Decimal("29.20")),
    Rate("mobility", "enhanced", date(2025, 4, 6), Decimal("77.05")),
]
NOTHING = Award()
BOTH_ENHANCED = Award("enhanced", "enhanced")


def test_weekly_amount_uses_the_rate_in_force_on_the_day():
    assert weekly_amount(RATES, BOTH_ENHANCED, date(2025, 4, 5)) == Decimal("184.30")
    assert weekly_amount(RATES, BOTH_ENHANCED, date(2025, 4, 6)) == Decimal("187.45")


def test_no_award_is_worth_nothing_and_a_missing_rate_is_unknown():
    assert weekly_amount(RATES, NOTHING, date(2020, 1, 1)) == Decimal("0.00")
    assert weekly_amount(RATES, BOTH_ENHANCED, date(2020, 1, 1)) is None


def test_arrears_for_whole_weeks_in_one_tax_year():
    restored = Award("standard", "none")
    assert arrears(RATES, NOTHING, restored, date(2025, 5, 1), date(2025, 5, 29)) == Decimal(
        "295.60"
    )


def test_arrears_split_across_the_april_uprating():
    restored = Award("none", "enhanced")
    # 7 days at 75.75, 7 days at 77.05.
    assert arrears(RATES, NOTHING, restored, date(2025, 3, 30), date(2025, 4, 13)) == Decimal(
        "152.80"
    )


def test_annual_gain_is_52_weeks_of_the_difference():
    assert annual_gain(
        RATES, Award("standard", "none"), BOTH_ENHANCED, date(2025, 6, 1)
    ) == Decimal("5904.60")  # (187.45 - 73.90) x 52


@given(st.dates(min_value=date(2024, 4, 6), max_value=date(2030, 1, 1)), st.integers(0, 800))
def test_arrears_of_the_same_award_are_nothing(start, days):
    assert arrears(RATES, BOTH_ENHANCED, BOTH_ENHANCED, start, start + timedelta(days=days)) == 0
