"""Demo patients for ``manage.py seed_demo``: a few hundred people across the demo practices,
with consent, needs, support offered and ONS4 measures. Deterministic and idempotent: patients
are found again by their demo NHS numbers and nothing is added twice. Referrals and the contact
history that follows them come from ``referrals.demo``."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from patients.identifiers import nhs_number_from
from patients.models import (
    Consent,
    ConsentMethod,
    ConsentScope,
    MeasureKind,
    Need,
    NeedCategory,
    OutcomeMeasure,
    Patient,
    PatientStatus,
    SupportKind,
    SupportOffer,
    SupportOutcome,
    Timepoint,
)

DEMO_PATIENTS = 240
SEED = 20261125

GIVEN_NAMES = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Grace",
    "Freya",
    "Lily",
    "Sophia",
    "Emily",
    "Margaret",
    "Patricia",
    "Susan",
    "Linda",
    "Janet",
    "Aisha",
    "Fatima",
    "Zainab",
    "Priya",
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Leo",
    "Harry",
    "Jack",
    "Thomas",
    "James",
    "William",
    "David",
    "John",
    "Michael",
    "Peter",
    "Robert",
    "Mohammed",
    "Ali",
    "Kwame",
    "Tomasz",
    "Wei",
]
FAMILY_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Begum",
    "Ahmed",
    "Hussain",
    "Okafor",
    "Mensah",
    "Nowak",
    "Kowalski",
    "Chen",
    "Murphy",
    "O'Brien",
    "Kelly",
    "Byrne",
    "Hughes",
    "Edwards",
]
STREETS = [
    "Quay Street",
    "Canal Street",
    "Jersey Street",
    "Oldham Road",
    "Great Ancoats Street",
    "Rochdale Road",
    "Cheetham Hill Road",
    "Ashton Old Road",
    "Hyde Road",
    "Stockport Road",
]
POSTCODES = ["M3 4AB", "M1 3HE", "M4 6JG", "M4 5JD", "M40 7WT", "M8 8EP", "M11 2WH", "M12 5LH"]
ORGANISATIONS = {
    NeedCategory.MONEY: ["Citizens Advice Manchester", "StepChange Debt Charity"],
    NeedCategory.HOUSING: ["Shelter Manchester", "Riverside Housing Association"],
    NeedCategory.LONELINESS: ["Age UK Manchester", "Ancoats Knit and Natter", "Men's Shed"],
    NeedCategory.MENTAL_WELLBEING: ["Manchester Mind", "Talking Therapies Manchester"],
    NeedCategory.PHYSICAL_ACTIVITY: ["Walking for Health", "Parkrun Heaton Park"],
    NeedCategory.CARERS: ["Manchester Carers Network"],
    NeedCategory.EMPLOYMENT: ["Work Well Manchester", "Jobcentre Plus"],
    NeedCategory.FOOD: ["Ancoats Food Bank", "Community Grocery"],
    NeedCategory.OTHER: ["Local library"],
}
NEED_DETAIL = {
    NeedCategory.MONEY: "Struggling with energy bills; wants to check benefit entitlement.",
    NeedCategory.HOUSING: "Damp in the flat; landlord not responding.",
    NeedCategory.LONELINESS: "Lives alone since bereavement; rarely goes out.",
    NeedCategory.MENTAL_WELLBEING: "Low mood and poor sleep.",
    NeedCategory.PHYSICAL_ACTIVITY: "Would like to be more active after a fall.",
    NeedCategory.CARERS: "Cares for a partner with dementia; no breaks.",
    NeedCategory.EMPLOYMENT: "Off work with back pain; worried about returning.",
    NeedCategory.FOOD: "Running out of food before payday.",
    NeedCategory.OTHER: "Wants help using a computer to contact family.",
}


def demo_nhs_number(index: int) -> str:
    """A valid NHS number for demo patient ``index``, from a range kept for demo data."""
    return nhs_number_from(999_000_000 + index * 7)


def demo_nhs_numbers() -> list[str]:
    return [demo_nhs_number(i) for i in range(DEMO_PATIENTS)]


def _scores(rng: random.Random, better: int = 0) -> dict[str, int]:
    def clamp(value: int) -> int:
        return max(0, min(10, value))

    return {
        "life_satisfaction": clamp(rng.randint(2, 6) + better),
        "worthwhile": clamp(rng.randint(3, 7) + better),
        "happiness": clamp(rng.randint(2, 6) + better),
        "anxiety": clamp(rng.randint(5, 9) - better),
    }


@transaction.atomic
def seed(people) -> None:
    rng = random.Random(SEED)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    link_workers = [people.users["alex"], people.users["sam"]]
    recorder = people.users["alex"]
    numbers = demo_nhs_numbers()
    if Patient.objects.filter(nhs_number=numbers[1]).exists():
        return  # seeded before: the step is atomic, so all of it is there
    new_patients = []
    for index, nhs_number in enumerate(numbers):
        status_roll, flags = rng.random(), [rng.random() for _ in range(6)]
        family = rng.choice(FAMILY_NAMES)
        new_patients.append(
            Patient(
                # One in twelve has no NHS number to hand.
                nhs_number=nhs_number if index % 12 else "",
                given_name=rng.choice(GIVEN_NAMES),
                family_name=family,
                date_of_birth=date(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 62)),
                address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}\nManchester",
                postcode=rng.choice(POSTCODES),
                phone=f"07700 9{index:05d}",
                practice=people.practices[index % len(people.practices)],
                holder=None if index % 13 == 0 else link_workers[index % 2],
                status=PatientStatus.CLOSED
                if status_roll < 0.12
                else PatientStatus.ON_HOLD
                if status_roll < 0.18
                else PatientStatus.ACTIVE,
                has_long_term_condition=flags[0] < 0.45,
                has_mental_health_need=flags[1] < 0.35,
                has_mobility_need=flags[2] < 0.25,
                is_carer=flags[3] < 0.15,
                safeguarding_concern=flags[4] < 0.04,
                motability_customer=flags[5] < 0.06,
                interpreter_language="Urdu" if family in ("Khan", "Begum", "Hussain") else "",
            )
        )
    created = bulk_create_with_history(new_patients, Patient, default_user=recorder)
    _seed_records(rng, created, recorder, today)


def _seed_records(rng: random.Random, patients: list[Patient], recorder, today: date) -> None:
    consents, needs, offers, measures = [], [], [], []
    for patient in patients:
        start = today - timedelta(days=rng.randint(5, 200))
        if rng.random() < 0.9:
            consents.append(
                Consent(
                    patient=patient,
                    scope=ConsentScope.HOLD_DATA,
                    given=True,
                    decided_on=start,
                    method=ConsentMethod.VERBAL_PHONE,
                    recorded_by=recorder,
                )
            )
            if rng.random() < 0.5:
                consents.append(
                    Consent(
                        patient=patient,
                        scope=ConsentScope.SHARE,
                        organisation="Citizens Advice Manchester",
                        given=True,
                        decided_on=start,
                        method=ConsentMethod.VERBAL_PHONE,
                        recorded_by=recorder,
                    )
                )
        met_on = start + timedelta(days=60)
        for category in rng.sample(list(NeedCategory), k=rng.randint(1, 3)):
            need = Need(
                patient=patient,
                category=category,
                detail=NEED_DETAIL[category],
                identified_on=start,
                resolved_on=met_on if met_on < today and rng.random() < 0.5 else None,
                recorded_by=recorder,
            )
            needs.append(need)
            if rng.random() < 0.7:
                offered = min(today, start + timedelta(days=rng.randint(1, 30)))
                offers.append(
                    SupportOffer(
                        patient=patient,
                        need=need,
                        kind=rng.choice(list(SupportKind)),
                        organisation=rng.choice(ORGANISATIONS[category]),
                        offered_on=offered,
                        outcome=rng.choice(list(SupportOutcome)),
                        recorded_by=recorder,
                    )
                )
        if rng.random() < 0.7:
            baseline = _scores(rng)
            measures.append(
                OutcomeMeasure(
                    patient=patient,
                    kind=MeasureKind.ONS4,
                    timepoint=Timepoint.BASELINE,
                    taken_on=start,
                    scores=baseline,
                    recorded_by=recorder,
                )
            )
            follow_up_on = start + timedelta(days=90)
            if follow_up_on <= today:
                measures.append(
                    OutcomeMeasure(
                        patient=patient,
                        kind=MeasureKind.ONS4,
                        timepoint=Timepoint.FOLLOW_UP,
                        taken_on=follow_up_on,
                        scores=_scores(rng, better=rng.randint(-1, 3)),
                        recorded_by=recorder,
                    )
                )
    Consent.objects.bulk_create(consents)
    Need.objects.bulk_create(needs)
    SupportOffer.objects.bulk_create(offers)
    OutcomeMeasure.objects.bulk_create(measures)
