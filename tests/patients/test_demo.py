"""The demo patients, referrals and contacts that ``seed_demo`` adds (idempotency is checked
for every app in tests/accounts/test_seed_demo.py)."""

import pytest
from django.utils import timezone

from linkwork import demo
from patients.models import Contact, ContactOutcome, OutcomeMeasure, Patient
from referrals.models import GPMessage, Referral, ReferralStatus

pytestmark = pytest.mark.django_db


def test_demo_adds_a_few_hundred_realistic_patients_referrals_and_contacts():
    people = demo.seed()
    assert Patient.objects.count() == 240
    assert Patient.objects.filter(nhs_number="").exists()
    assert Referral.objects.count() == 240
    assert Contact.objects.count() > 600
    assert OutcomeMeasure.objects.filter(timepoint="follow_up").exists()
    assert GPMessage.objects.exists()
    assert Patient.objects.filter(holder=people.users["alex"]).count() > 80

    # The first-contact date is the first contact that reached the patient.
    for referral in Referral.objects.filter(first_contact_at__isnull=False)[:50]:
        first = (
            Contact.objects.filter(patient_id=referral.patient_id, outcome=ContactOutcome.SPOKE)
            .order_by("at")
            .first()
        )
        assert first.at == referral.first_contact_at

    # Every referral's history starts at received and ends at its status.
    for referral in Referral.objects.prefetch_related("transitions")[:80]:
        moves = [t.to_status for t in sorted(referral.transitions.all(), key=lambda t: t.at)]
        assert moves[0] == ReferralStatus.RECEIVED
        assert moves[-1] == referral.status

    # Some referrals wait for a first contact, and some of those are overdue.
    waiting = Referral.objects.filter(status=ReferralStatus.RECEIVED, first_contact_at__isnull=True)
    assert waiting.filter(first_contact_due__lt=timezone.localdate()).exists()
