import datetime

import factory

from patients.identifiers import nhs_check_digit
from patients.models import Patient
from tests.factories.accounts import PracticeFactory


def valid_nhs_number(n: int) -> str:
    """A distinct valid NHS number for each n (nine digits from 400 000 000 up, plus check)."""
    base = 400_000_000 + n * 11
    while (check := nhs_check_digit(f"{base:09d}")) is None:
        base += 1
    return f"{base:09d}{check}"


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
