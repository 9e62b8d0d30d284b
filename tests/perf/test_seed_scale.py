"""``seed_scale`` writes the planned volume of consistent data, quickly and repeatably."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from appeals.models import AppealCase, Deadline, DeadlineStatus
from appeals.stages import ENDED
from appeals.statements.models import StatementStatus, SupportStatement
from linkwork.accounts.models import Practice, Role, Service, User
from linkwork.perf import seeding
from linkwork.perf.benchmark import rolled_back
from patients.identifiers import nhs_number_is_valid
from patients.models import Contact, Patient
from patients.selectors import consent_state
from referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db


def _seed(patients: int, **options) -> str:
    out = StringIO()
    call_command("seed_scale", "--patients", str(patients), *options.get("args", ()), stdout=out)
    return out.getvalue()


def test_default_plan_is_the_large_service_of_the_brief():
    plan = seeding.Plan.for_patients(100_000)

    assert (plan.referrals, plan.contacts, plan.cases) == (150_000, 600_000, 20_000)
    assert (plan.link_workers, plan.practices, plan.services) == (60, 40, 4)


def test_seed_scale_writes_the_planned_volume_and_prints_the_time():
    output = _seed(40)

    assert Patient.objects.count() == 40
    assert Referral.objects.count() == 60
    assert Contact.objects.count() == 240
    assert AppealCase.objects.count() == 8
    assert Service.objects.count() == 1
    assert Practice.objects.count() == 2
    assert User.objects.filter(role=Role.LINK_WORKER).count() == 2
    assert User.objects.filter(role=Role.GP).count() == 4
    assert User.objects.filter(role=Role.MANAGER).count() == 1
    assert "Seeded " in output
    assert output.rstrip().endswith(" s.")


def test_seeded_patients_are_valid_records_held_within_their_service():
    _seed(40)

    numbers = list(Patient.objects.values_list("nhs_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert all(nhs_number_is_valid(n) for n in numbers)
    for patient in Patient.objects.select_related("practice", "holder"):
        assert patient.holder.role == Role.LINK_WORKER
        assert patient.holder.service_id == patient.practice.service_id
        patient.full_clean()  # postcode, NHS number and every other validator
        assert consent_state(patient).holds_data
    assert not Patient.objects.annotate(n=Count("referrals")).filter(n=0).exists()


def test_seeded_cases_have_deadlines_statements_and_consent_to_share():
    _seed(60)

    for case in AppealCase.objects.select_related("patient"):
        assert case.holder_id == case.patient.holder_id
        assert consent_state(case.patient).may_share_with("DWP")
        kinds = list(case.deadlines.filter(is_computed=True).values_list("kind", flat=True))
        assert len(kinds) == len(set(kinds)) == 5
        if case.stage in ENDED:
            assert not case.deadlines.filter(status=DeadlineStatus.OPEN).exists()
    signed = SupportStatement.objects.filter(status=StatementStatus.SIGNED)
    assert all(len(s.content_hash) == 64 and s.signed_by.is_gp for s in signed)
    for statement in SupportStatement.objects.exclude(status=StatementStatus.SIGNED):
        assert statement.deadline.case_id == statement.case_id
    assert Deadline.objects.filter(status=DeadlineStatus.OPEN).exists()


def test_seeded_referrals_follow_the_patient_status():
    _seed(60)

    closed = Referral.objects.filter(patient__status="closed")
    assert set(closed.values_list("status", flat=True)) == {ReferralStatus.CLOSED}
    waiting = Referral.objects.filter(status=ReferralStatus.RECEIVED)
    assert not waiting.filter(first_contact_at__isnull=False).exists()


def test_one_patient_of_each_link_worker_has_a_long_history():
    _seed(40, args=["--contacts", "400"])

    most = Patient.objects.annotate(n=Count("contacts")).order_by("-n").values_list("n", flat=True)
    assert most[0] >= 100


def test_same_seed_gives_the_same_data():
    with rolled_back():
        _seed(20)
        first = sorted(Patient.objects.values_list("pk", "family_name", "nhs_number"))
    with rolled_back():
        _seed(20)
        second = sorted(Patient.objects.values_list("pk", "family_name", "nhs_number"))

    assert first == second


def test_seed_scale_refuses_a_database_that_already_holds_scale_data():
    _seed(10)

    with pytest.raises(CommandError, match="already holds scale data"):
        _seed(10)
    assert Patient.objects.count() == 10


def test_seed_scale_refuses_fewer_referrals_than_patients():
    with pytest.raises(CommandError, match="at least one referral"):
        _seed(10, args=["--referrals", "5"])
    assert not Patient.objects.exists()


def test_insert_rows_fills_model_defaults_and_rolls_back_with_the_transaction():
    service = Service.objects.create(name="Defaults")
    with rolled_back():
        seeding.insert_rows(
            Practice, [{"ods_code": "Y12345", "name": "P", "service_id": service.pk}]
        )
        practice = Practice.objects.get(ods_code="Y12345")
        assert practice.address == ""
        assert practice.pk is not None
    assert not Practice.objects.filter(ods_code="Y12345").exists()


def test_insert_rows_names_a_required_column_that_was_not_given():
    with pytest.raises(ValueError, match=r"Practice\.service"):
        seeding.insert_rows(Practice, [{"ods_code": "Y12345", "name": "P"}])


def test_nhs_numbers_are_valid_and_skip_impossible_check_digits():
    numbers = seeding.nhs_numbers(900_000_000)
    sample = [next(numbers) for _ in range(200)]

    assert all(nhs_number_is_valid(n) for n in sample)
    assert len(set(sample)) == 200
    # Some nine-digit stems have no valid check digit and are skipped.
    assert int(sample[-1][:9]) - 900_000_000 > 199
