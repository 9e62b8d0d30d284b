import datetime

import factory
from django.utils import timezone

from patients.identifiers import nhs_number_from
from patients.models import (
    Consent,
    ConsentMethod,
    ConsentScope,
    Contact,
    ContactKind,
    ContactOutcome,
    MeasureKind,
    Need,
    NeedCategory,
    OutcomeMeasure,
    Patient,
    SupportKind,
    SupportOffer,
    Timepoint,
)
from tests.factories.accounts import LinkWorkerFactory, PracticeFactory


def valid_nhs_number(n: int) -> str:
    """A distinct valid NHS number for each n (nine digits from 400 000 000 up, plus check)."""
    return nhs_number_from(400_000_000 + n * 11)


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    nhs_number = factory.Sequence(valid_nhs_number)
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Sequence(
        lambda n: datetime.date(1950, 1, 1) + datetime.timedelta(days=n * 97 % 20000)
    )
    address = "1 Test Street\nManchester"
    postcode = "M1 1AA"
    phone = "07700 900123"
    practice = factory.SubFactory(PracticeFactory)
    holder = None


class ConsentFactory(factory.django.DjangoModelFactory):
    """Consent to hold data, given by phone today. ``share=True`` for sharing consent."""

    class Meta:
        model = Consent

    class Params:
        share = factory.Trait(scope=ConsentScope.SHARE, organisation="Citizens Advice")
        withdrawn = factory.Trait(given=False)

    patient = factory.SubFactory(PatientFactory)
    scope = ConsentScope.HOLD_DATA
    organisation = ""
    given = True
    decided_on = factory.LazyFunction(timezone.localdate)
    method = ConsentMethod.VERBAL_PHONE
    recorded_by = factory.SubFactory(LinkWorkerFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    class Params:
        no_answer = factory.Trait(outcome=ContactOutcome.NO_ANSWER, duration_minutes=None)

    patient = factory.SubFactory(PatientFactory)
    at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    kind = ContactKind.PHONE
    outcome = ContactOutcome.SPOKE
    duration_minutes = 20
    notes = "Talked about what matters to them."
    recorded_by = factory.SubFactory(LinkWorkerFactory)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    patient = factory.SubFactory(PatientFactory)
    category = NeedCategory.LONELINESS
    detail = "Would like to meet people nearby."
    identified_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(LinkWorkerFactory)


class SupportOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportOffer

    patient = factory.SubFactory(PatientFactory)
    kind = SupportKind.REFERRED
    organisation = "Citizens Advice Manchester"
    offered_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(LinkWorkerFactory)


ONS4_SCORES = {"life_satisfaction": 4, "worthwhile": 5, "happiness": 3, "anxiety": 7}


class OutcomeMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeMeasure

    patient = factory.SubFactory(PatientFactory)
    kind = MeasureKind.ONS4
    timepoint = Timepoint.BASELINE
    taken_on = factory.LazyFunction(timezone.localdate)
    scores = factory.LazyFunction(lambda: dict(ONS4_SCORES))
    recorded_by = factory.SubFactory(LinkWorkerFactory)
