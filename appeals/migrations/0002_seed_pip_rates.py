"""Seed the PIP weekly rates for the 2024/25 and 2025/26 tax years (administrators add later
years in the admin)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

PIP_RATES = {
    date(2024, 4, 6): {
        ("daily_living", "standard"): "72.65",
        ("daily_living", "enhanced"): "108.55",
        ("mobility", "standard"): "28.70",
        ("mobility", "enhanced"): "75.75",
    },
    date(2025, 4, 6): {
        ("daily_living", "standard"): "73.90",
        ("daily_living", "enhanced"): "110.40",
        ("mobility", "standard"): "29.20",
        ("mobility", "enhanced"): "77.05",
    },
}


def seed(apps, schema_editor):
    BenefitRate = apps.get_model("appeals", "BenefitRate")
    for valid_from, amounts in PIP_RATES.items():
        for (component, rate), amount in amounts.items():
            BenefitRate.objects.get_or_create(
                benefit="pip",
                component=component,
                rate=rate,
                valid_from=valid_from,
                defaults={"weekly_amount": Decimal(amount)},
            )


def unseed(apps, schema_editor):
    BenefitRate = apps.get_model("appeals", "BenefitRate")
    BenefitRate.objects.filter(benefit="pip", valid_from__in=list(PIP_RATES)).delete()


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_appeal_cases_and_deadlines")]

    operations = [migrations.RunPython(seed, unseed)]
