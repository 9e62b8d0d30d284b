"""The referrals' erasure step: free text goes, what reports count stays."""

import pytest

from referrals import retention
from referrals.models import GPMessage, Referral, ReferralStatus, ReferralTransition
from tests.factories.referrals import GPMessageFactory, ReferralFactory


@pytest.mark.django_db
def test_step_blanks_reason_referrer_notes_and_messages_and_deletes_history(world):
    referral = ReferralFactory(patient=world.patient, referrer_name="Mrs Kaur (neighbour)")
    referral.reason_text = "Edited reason"
    referral.save()
    ReferralTransition.objects.create(
        referral=referral,
        from_status=ReferralStatus.RECEIVED,
        to_status=ReferralStatus.DECLINED,
        by=world.link_worker,
        note="Said her son handles things",
    )
    GPMessageFactory(referral=referral, summary="Declined: son handles things")

    erased, history_deleted = retention.erase_for_patient(world.patient)

    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.reason_text, referral.referrer_name) == ("", "")
    assert (referral.status, referral.referrer_role, referral.reasons) == (
        ReferralStatus.RECEIVED,
        "GP",
        ["loneliness", "money"],
    )
    assert ReferralTransition.objects.get(referral=referral).note == ""
    assert GPMessage.objects.get(referral=referral).summary == ""
    assert not Referral.history.filter(id=referral.pk).exists()
    assert history_deleted == 2
    assert erased == {
        "referrals.Referral": {"rows": 1, "fields": ["reason_text", "referrer_name"]},
        "referrals.ReferralTransition": {"rows": 1, "fields": ["note"]},
        "referrals.GPMessage": {"rows": 1, "fields": ["summary"]},
    }


@pytest.mark.django_db
def test_step_leaves_other_patients_referrals_alone(world):
    other = ReferralFactory()
    assert retention.erase_for_patient(world.patient) == ({}, 0)
    assert Referral.objects.get(pk=other.pk).reason_text.startswith("Isolated")
    assert Referral.history.filter(id=other.pk).exists()
