import factory
from django.utils import timezone

from referrals.models import GPMessage, Referral, ReferralSource, ReferralStatus
from referrals.services import first_contact_due
from tests.factories.accounts import LinkWorkerFactory
from tests.factories.patients import PatientFactory


class ReferralFactory(factory.django.DjangoModelFactory):
    """A GP referral received today, waiting for first contact."""

    class Meta:
        model = Referral

    patient = factory.SubFactory(PatientFactory)
    source = ReferralSource.GP
    referring_practice = factory.SelfAttribute("patient.practice")
    referrer_name = "Dr A Example"
    referrer_role = "GP"
    received_on = factory.LazyFunction(timezone.localdate)
    reasons = factory.LazyFunction(lambda: ["loneliness", "money"])
    reason_text = "Isolated since bereavement; struggling with bills."
    status = ReferralStatus.RECEIVED
    first_contact_due = factory.LazyAttribute(lambda r: first_contact_due(r.received_on))
    created_by = factory.SubFactory(LinkWorkerFactory)


class GPMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GPMessage

    referral = factory.SubFactory(ReferralFactory, status=ReferralStatus.ACCEPTED)
    event = ReferralStatus.ACCEPTED
    snomed_code = "871731000000106"
    summary = "Referral accepted."
    sent_by = factory.SubFactory(LinkWorkerFactory)
