"""``seed_scale`` writes the planned volume of consistent data, quickly and repeatably."""

import statistics
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Min
from django.utils import timezone

from appeals.models import AppealCase, Deadline, DeadlineKind, DeadlineStatus
from appeals.stages import ENDED
from appeals.statements.models import StatementStatus, SupportStatement
from linkwork.accounts.models import Practice, Role, Service, User
from linkwork.perf import seeding
from linkwork.perf.benchmark import rolled_back
from patients.identifiers import nhs_number_is_valid
from patients.models import (
    MEASURE_ITEMS,
    Contact,
    MeasureKind,
    Need,
    NeedCategory,
    OutcomeMeasure,
    Patient,
    SupportKind,
    SupportOffer,
    SupportOutcome,
    Timepoint,
)
from patients.selectors import consent_state
from referrals.models import (
    OPEN_STATUSES,
    SNOMED_DECLINED,
    TRANSITIONS,
    CloseOutcome,
    DeclineReason,
    Referral,
    ReferralStatus,
    ReferralTransition,
)

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
    printed = {
        "transitions": ReferralTransition,
        "needs": Need,
        "support offers": SupportOffer,
        "measures": OutcomeMeasure,
    }
    for label, model in printed.items():
        count = model.objects.count()
        assert count > 0
        assert f"  {label:<18}{count:>10,}  " in output


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
        for kind, label in case.deadlines.filter(is_computed=True).values_list("kind", "label"):
            assert label == DeadlineKind(kind).label
        if case.stage in ENDED:
            assert not case.deadlines.filter(status=DeadlineStatus.OPEN).exists()
    signed = SupportStatement.objects.filter(status=StatementStatus.SIGNED)
    assert all(len(s.content_hash) == 64 and s.signed_by.is_gp for s in signed)
    for statement in SupportStatement.objects.exclude(status=StatementStatus.SIGNED):
        assert statement.deadline.case_id == statement.case_id
    assert Deadline.objects.filter(status=DeadlineStatus.OPEN).exists()


def test_seeded_referrals_follow_the_patient_status():
    _seed(150)  # enough referrals for every status to occur

    closed = Referral.objects.filter(patient__status="closed")
    assert set(closed.values_list("status", flat=True)) == {
        ReferralStatus.CLOSED,
        ReferralStatus.DECLINED,
    }
    assert not closed.filter(status__in=OPEN_STATUSES).exists()
    waiting = Referral.objects.filter(status=ReferralStatus.RECEIVED)
    assert not waiting.filter(first_contact_at__isnull=False).exists()
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)


def test_seeded_transitions_retrace_each_referral():
    _seed(60)

    referrals = Referral.objects.select_related("patient").prefetch_related("transitions")
    for referral in referrals:
        moves = sorted(referral.transitions.all(), key=lambda t: t.at)
        assert (moves[0].from_status, moves[0].to_status) == ("", ReferralStatus.RECEIVED)
        assert moves[0].at == referral.created_at
        assert timezone.localtime(moves[0].at).date() == referral.received_on
        for before, after in pairwise(moves):
            assert after.from_status == before.to_status
            assert after.to_status in TRANSITIONS[after.from_status]
            assert before.at < after.at
        assert moves[-1].to_status == referral.status
        assert moves[-1].at == referral.status_changed_at
        assert all(m.by_id == referral.patient.holder_id for m in moves)
        contacted = [m.at for m in moves if m.to_status == ReferralStatus.CONTACTED]
        assert contacted == ([referral.first_contact_at] if referral.first_contact_at else [])
        statuses = {m.to_status for m in moves}
        if ReferralStatus.DECLINED in statuses:
            assert referral.decline_reason in DeclineReason.values
            assert referral.snomed_code == SNOMED_DECLINED
        else:
            assert referral.decline_reason == ""
        if referral.status == ReferralStatus.CLOSED:
            assert referral.close_outcome in CloseOutcome.values
    closed_after = ReferralTransition.objects.filter(to_status=ReferralStatus.CLOSED)
    assert set(closed_after.values_list("from_status", flat=True)) >= {
        ReferralStatus.ACCEPTED,
        ReferralStatus.UNABLE_TO_CONTACT,
    }


def test_seeded_moves_are_all_allowed():
    assert all(after in TRANSITIONS[before] for before, after in seeding.MOVE_DAYS)


def test_seeded_needs_and_support_follow_the_referral():
    _seed(60)
    today = timezone.localdate()

    first_received = dict(
        Patient.objects.annotate(first=Min("referrals__received_on")).values_list("pk", "first")
    )
    per_patient = Need.objects.values("patient").annotate(n=Count("pk"))
    assert {row["patient"] for row in per_patient} == set(first_received)
    assert {row["n"] for row in per_patient} <= {1, 2, 3}
    for need in Need.objects.all():
        assert need.category in NeedCategory.values
        assert first_received[need.patient_id] <= need.identified_on <= today
        assert need.resolved_on is None or need.identified_on < need.resolved_on <= today
    assert Need.objects.filter(resolved_on__isnull=False).exists()
    offers = SupportOffer.objects.select_related("need")
    assert offers.exists()
    for offer in offers:
        assert offer.patient_id == offer.need.patient_id
        assert offer.need.identified_on <= offer.offered_on <= today
        assert offer.kind in SupportKind.values
        assert offer.outcome in SupportOutcome.values
        assert offer.organisation
    assert not Need.objects.annotate(n=Count("support_offers")).filter(n__gt=2).exists()


def test_seeded_measures_are_ons4_baselines_then_follow_ups():
    _seed(60)

    accepted_on = {}
    for t in ReferralTransition.objects.filter(to_status=ReferralStatus.ACCEPTED).select_related(
        "referral"
    ):
        day = timezone.localtime(t.at).date()
        patient = t.referral.patient_id
        accepted_on[patient] = min(day, accepted_on.get(patient, day))
    baselines = {}
    for measure in OutcomeMeasure.objects.filter(timepoint=Timepoint.BASELINE):
        measure.full_clean()  # every ONS4 item, whole numbers 0-10, one baseline a patient
        assert measure.kind == MeasureKind.ONS4
        assert measure.taken_on >= accepted_on[measure.patient_id]
        baselines[measure.patient_id] = measure
    assert 0 < len(baselines) < len(accepted_on)
    follow_ups = OutcomeMeasure.objects.filter(timepoint=Timepoint.FOLLOW_UP)
    assert follow_ups.exists()
    for measure in follow_ups:
        measure.full_clean()
        assert measure.taken_on > baselines[measure.patient_id].taken_on
    counts = follow_ups.values("patient").annotate(n=Count("pk")).values_list("n", flat=True)
    assert set(counts) <= {1, 2}


def test_seeded_follow_ups_tend_to_improve():
    rng = seeding._Random(1)
    baseline = {"life_satisfaction": 4, "worthwhile": 5, "happiness": 4, "anxiety": 7}
    later = [seeding._ons4_follow_up(rng, baseline) for _ in range(500)]

    keys = {item.key for item in MEASURE_ITEMS[MeasureKind.ONS4]}
    assert all(set(scores) == keys for scores in later)
    assert all(0 <= v <= 10 for scores in later for v in scores.values())
    assert statistics.mean(s["life_satisfaction"] for s in later) > 4
    assert statistics.mean(s["anxiety"] for s in later) < 7


def test_one_patient_of_each_link_worker_has_a_long_history():
    _seed(40, args=["--contacts", "400"])

    most = Patient.objects.annotate(n=Count("contacts")).order_by("-n").values_list("n", flat=True)
    assert most[0] >= 100


def _seeded_rows() -> dict[str, list[tuple]]:
    return {
        "patients": sorted(Patient.objects.values_list("pk", "family_name", "nhs_number")),
        "referrals": sorted(
            Referral.objects.values_list("pk", "status", "status_changed_at", "decline_reason")
        ),
        "transitions": sorted(
            ReferralTransition.objects.values_list(
                "pk", "referral", "from_status", "to_status", "by", "at"
            )
        ),
        "needs": sorted(
            Need.objects.values_list("pk", "patient", "category", "identified_on", "resolved_on")
        ),
        "support": sorted(
            SupportOffer.objects.values_list("pk", "need", "kind", "organisation", "outcome")
        ),
        "measures": sorted(
            (pk, patient, timepoint, taken_on, sorted(scores.items()))
            for pk, patient, timepoint, taken_on, scores in OutcomeMeasure.objects.values_list(
                "pk", "patient", "timepoint", "taken_on", "scores"
            )
        ),
    }


def test_same_seed_gives_the_same_data():
    with rolled_back():
        _seed(20)
        first = _seeded_rows()
    with rolled_back():
        _seed(20)
        second = _seeded_rows()

    assert all(first.values())
    assert first == second


def test_seed_scale_refuses_a_database_that_already_holds_scale_data():
    _seed(10)

    with pytest.raises(CommandError, match="already holds scale data"):
        _seed(10)
    assert Patient.objects.count() == 10


def test_seed_scale_refuses_a_database_holding_other_accounts_unless_forced():
    User.objects.create_user(username="real-admin", role=Role.ADMINISTRATOR)

    with pytest.raises(CommandError, match="already holds accounts or patients"):
        _seed(10)
    assert not Patient.objects.exists()
    assert not User.objects.filter(username__startswith=seeding.USERNAME_PREFIX).exists()

    _seed(10, args=["--force"])
    assert Patient.objects.count() == 10


def test_seed_scale_refuses_a_database_holding_patients():
    service = Service.objects.create(name="Real service")
    practice = Practice.objects.create(name="Real practice", ods_code="A12345", service=service)
    Patient.objects.create(
        practice=practice, given_name="Ada", family_name="Lovelace", date_of_birth="1950-12-10"
    )

    with pytest.raises(CommandError, match="already holds accounts or patients"):
        _seed(10)
    assert Patient.objects.count() == 1


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
