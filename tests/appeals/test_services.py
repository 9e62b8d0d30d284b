from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeals import deadlines as rules
from appeals.models import (
    AppealCase,
    ComponentAward,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Outcome,
    Stage,
)
from appeals.services import (
    STALE_MESSAGE,
    StaleCaseError,
    case_create,
    case_set_pip_choices,
    case_update,
    deadline_add,
    deadline_mark_met,
    deadline_reopen,
    deadline_waive,
    deadlines_recompute,
    note_add,
)


def computed(case) -> dict:
    return {d.kind: (d.due, d.status) for d in Deadline.objects.filter(case=case, is_computed=True)}


# Creating and editing


@pytest.mark.django_db
def test_new_case_gets_its_mr_deadline_from_the_decision_date(world):
    case = case_create(
        patient=world.patient,
        by=world.link_worker,
        holder=world.link_worker,
        data={"decision_date": date(2025, 1, 31)},
    )
    assert computed(case) == {DeadlineKind.MR: (date(2025, 2, 28), DeadlineStatus.OPEN)}
    assert case.version == 1


@pytest.mark.django_db
def test_statement_of_reasons_adds_14_days_to_the_mr_deadline(case, world):
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"decision_date": date(2024, 1, 31), "statement_of_reasons_requested": True},
    )
    assert computed(case)[DeadlineKind.MR][0] == date(2024, 2, 29) + timedelta(days=14)


@pytest.mark.django_db
def test_case_takes_motability_from_the_patient(world):
    world.patient.motability_customer = True
    world.patient.save()
    case = case_create(
        patient=world.patient, by=world.link_worker, holder=world.link_worker, data={}
    )
    assert case.motability_customer


@pytest.mark.django_db
def test_stale_edit_is_refused_and_nothing_is_saved(case, world):
    opened_at = case.version
    case_update(
        case=case,
        by=world.manager,
        version=opened_at,
        data={"tribunal_reference": "SC111/25/00001"},
    )
    with pytest.raises(StaleCaseError) as stale:
        case_update(
            case=case,
            by=world.link_worker,
            version=opened_at,
            data={"tribunal_reference": "SC222/25/00002"},
        )
    assert stale.value.messages == [STALE_MESSAGE]
    case.refresh_from_db()
    assert case.tribunal_reference == "SC111/25/00001"
    assert case.version == opened_at + 1


@pytest.mark.django_db
def test_stale_transition_is_refused(case, world):
    from appeals.services import case_transition

    case_update(case=case, by=world.manager, version=case.version, data={"hearing_type": ""})
    with pytest.raises(StaleCaseError):
        case_transition(
            case=case,
            to=Stage.MR_REQUESTED,
            by=world.link_worker,
            version=case.version,
            data={"mr_requested_date": case.decision_date},
        )


@pytest.mark.django_db
def test_dates_out_of_order_are_refused_in_plain_words(case, world):
    with pytest.raises(ValidationError) as refused:
        case_update(
            case=case,
            by=world.link_worker,
            version=case.version,
            data={"mr_requested_date": case.decision_date - timedelta(days=1)},
        )
    assert refused.value.message_dict == {
        "mr_requested_date": ["The MR requested on cannot be before the decision date."]
    }


@pytest.mark.django_db
def test_decision_date_in_the_future_is_refused(case, world):
    with pytest.raises(ValidationError) as refused:
        case_update(
            case=case,
            by=world.link_worker,
            version=case.version,
            data={"decision_date": timezone.localdate() + timedelta(days=1)},
        )
    assert "cannot be in the future" in refused.value.message_dict["decision_date"][0]


@pytest.mark.django_db
def test_holder_must_be_a_link_worker_of_the_service(case, world):
    with pytest.raises(ValidationError) as refused:
        case_update(
            case=case,
            by=world.manager,
            version=case.version,
            data={"holder": world.link_worker_other_service},
        )
    assert "holder" in refused.value.message_dict


@pytest.mark.django_db
def test_changes_are_kept_in_history(case, world):
    case_update(
        case=case, by=world.link_worker, version=case.version, data={"tribunal_reference": "X1"}
    )
    assert case.history.count() >= 2
    assert case.history.first().tribunal_reference == "X1"


# Computed deadlines follow the dates


@pytest.mark.django_db
def test_recording_the_step_on_time_meets_the_deadline_and_late_misses_it(case, world):
    decision = case.decision_date
    case = case_update(
        case=case, by=world.link_worker, version=case.version, data={"mr_requested_date": decision}
    )
    assert computed(case)[DeadlineKind.MR][1] == DeadlineStatus.MET
    old = date(2024, 1, 10)
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"decision_date": old, "mr_requested_date": date(2024, 3, 1)},
    )
    assert computed(case)[DeadlineKind.MR] == (date(2024, 2, 10), DeadlineStatus.MISSED)
    case = case_update(
        case=case, by=world.link_worker, version=case.version, data={"mr_requested_date": None}
    )
    assert computed(case)[DeadlineKind.MR][1] == DeadlineStatus.OPEN


@pytest.mark.django_db
def test_clearing_the_source_date_removes_the_deadline(case, world):
    case = case_update(
        case=case, by=world.link_worker, version=case.version, data={"decision_date": None}
    )
    assert computed(case) == {}


@pytest.mark.django_db
def test_hearing_gets_reminders_7_days_and_1_day_before(case, world):
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={
            "mr_requested_date": case.decision_date,
            "mr_notice_date": case.decision_date,
            "appeal_lodged_date": case.decision_date,
            "hearing_date": date(2026, 12, 24),
        },
    )
    rows = computed(case)
    assert rows[DeadlineKind.HEARING_7_DAYS][0] == date(2026, 12, 17)
    assert rows[DeadlineKind.HEARING_1_DAY][0] == date(2026, 12, 23)
    assert rows[DeadlineKind.DWP_RESPONSE][0] == case.decision_date + timedelta(days=28)


@pytest.mark.django_db
def test_motability_customer_losing_mobility_gets_a_car_return_date(case, world):
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"motability_customer": True, "mobility_allowance_end_date": date(2025, 3, 4)},
    )
    assert computed(case)[DeadlineKind.MOTABILITY_RETURN][0] == date(2025, 4, 29)
    assert case.motability_at_risk


@pytest.mark.django_db
def test_recompute_twice_changes_nothing(case):
    first = computed(case)
    deadlines_recompute(case=case)
    deadlines_recompute(case=case)
    assert computed(case) == first
    assert Deadline.objects.filter(case=case).count() == len(first)


@pytest.mark.django_db
def test_waived_computed_deadline_stays_waived_when_dates_change(case, world):
    mr = case.deadlines.get(kind=DeadlineKind.MR)
    deadline_waive(deadline=mr, by=world.link_worker, reason="Patient chose not to challenge")
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"decision_date": case.decision_date - timedelta(days=3)},
    )
    assert computed(case)[DeadlineKind.MR][1] == DeadlineStatus.WAIVED


optional_dates = st.one_of(
    st.none(), st.dates(min_value=date(2016, 1, 1), max_value=date(2025, 12, 31))
)
case_dates = st.fixed_dictionaries(
    {
        "decision_date": optional_dates,
        "statement_of_reasons_requested": st.booleans(),
        "mr_requested_date": optional_dates,
        "mr_notice_date": optional_dates,
        "appeal_lodged_date": optional_dates,
        "dwp_response_date": optional_dates,
        "hearing_date": optional_dates,
        "motability_customer": st.booleans(),
        "mobility_allowance_end_date": optional_dates,
    }
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(changes=st.lists(case_dates, min_size=1, max_size=4))
def test_deadline_rows_always_match_the_dates_after_any_changes(case, world, changes):
    """Whatever sequence of date changes, the stored rows are exactly what the dates call
    for, due on the right day, met when the step was recorded on time and missed when late
    (validation of date order is bypassed: the rows must follow any dates)."""
    for data in changes:
        AppealCase.objects.filter(pk=case.pk).update(**data)
        case.refresh_from_db()
        deadlines_recompute(case=case)
        plan = rules.planned_deadlines(
            rules.CaseDates(
                decision_date=case.decision_date,
                statement_of_reasons_requested=case.statement_of_reasons_requested,
                mr_requested_date=case.mr_requested_date,
                mr_notice_date=case.mr_notice_date,
                appeal_lodged_date=case.appeal_lodged_date,
                dwp_response_date=case.dwp_response_date,
                hearing_date=case.hearing_date,
                motability_customer=case.motability_customer,
                mobility_allowance_end_date=case.mobility_allowance_end_date,
            )
        )
        rows = computed(case)
        assert {k: due for k, (due, _) in rows.items()} == {k: p.due for k, p in plan.items()}
        for kind in (DeadlineKind.MR, DeadlineKind.APPEAL, DeadlineKind.DWP_RESPONSE):
            if kind in plan:
                done, due = plan[kind].done_on, plan[kind].due
                expected = (
                    DeadlineStatus.OPEN
                    if done is None
                    else DeadlineStatus.MET
                    if done <= due
                    else DeadlineStatus.MISSED
                )
                assert rows[kind][1] == expected


# Hand-made deadlines


@pytest.mark.django_db
def test_deadline_add_makes_a_statement_deadline_for_other_apps(case, world):
    deadline = deadline_add(
        case=case,
        kind=DeadlineKind.STATEMENT,
        due=date(2026, 1, 5),
        label="GP statement from Dr Patel",
        by=world.link_worker,
    )
    assert (deadline.kind, deadline.status, deadline.is_computed) == (
        DeadlineKind.STATEMENT,
        DeadlineStatus.OPEN,
        False,
    )


@pytest.mark.django_db
def test_deadline_add_refuses_computed_kinds_and_empty_labels(case, world):
    with pytest.raises(ValidationError, match="worked out from the case's dates"):
        deadline_add(
            case=case, kind=DeadlineKind.MR, due=date(2026, 1, 5), label="x", by=world.manager
        )
    with pytest.raises(ValidationError):
        deadline_add(
            case=case, kind=DeadlineKind.TASK, due=date(2026, 1, 5), label=" ", by=world.manager
        )


@pytest.mark.django_db
def test_task_can_be_marked_done_waived_with_reason_and_reopened(case, world):
    task = deadline_add(
        case=case, kind=DeadlineKind.TASK, due=date(2026, 1, 5), label="Chase GP", by=None
    )
    deadline_mark_met(deadline=task, by=world.link_worker)
    assert task.status == DeadlineStatus.MET
    deadline_reopen(deadline=task, by=world.link_worker)
    assert task.status == DeadlineStatus.OPEN
    with pytest.raises(ValidationError):
        deadline_waive(deadline=task, by=world.link_worker, reason="")
    deadline_waive(deadline=task, by=world.link_worker, reason="GP sent it unasked")
    task.refresh_from_db()
    assert (task.status, task.status_reason) == (DeadlineStatus.WAIVED, "GP sent it unasked")


@pytest.mark.django_db
def test_mr_deadline_cannot_be_marked_done_by_hand(case, world):
    with pytest.raises(ValidationError, match="recording the date"):
        deadline_mark_met(deadline=case.deadlines.get(kind=DeadlineKind.MR), by=world.manager)


@pytest.mark.django_db
def test_empty_note_is_refused(case, world):
    with pytest.raises(ValidationError):
        note_add(case=case, by=world.link_worker, text="   ")
    assert note_add(case=case, by=world.link_worker, text=" Called ").text == "Called"


# Money


@pytest.mark.django_db
def test_weekly_award_comes_from_the_rate_in_force_on_the_decision_date(case, world):
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"decision_date": date(2025, 5, 1)},
    )
    # Before: daily living standard 73.90 + mobility enhanced 77.05 (2025/26); decided: nothing.
    assert case.weekly_before == Decimal("150.95")
    assert case.weekly_decided == Decimal("0.00")
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"decision_date": date(2025, 3, 1)},
    )
    assert case.weekly_before == Decimal("72.65") + Decimal("75.75")


@pytest.mark.django_db
def test_successful_appeal_gives_arrears_across_tax_years_and_annual_gain(case, world):
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={
            "decision_date": date(2025, 3, 6),
            "mr_requested_date": date(2025, 3, 10),
            "mr_notice_date": date(2025, 3, 20),
            "appeal_lodged_date": date(2025, 3, 25),
            "outcome": Outcome.IN_FAVOUR,
            "outcome_date": date(2025, 5, 6),
            "daily_living_after_appeal": ComponentAward.STANDARD,
            "mobility_after_appeal": ComponentAward.ENHANCED,
        },
    )
    # 31 days at 2024/25 rates (72.65 + 75.75) and 30 days at 2025/26 rates (73.90 + 77.05).
    expected = (Decimal("148.40") * 31 / 7 + Decimal("150.95") * 30 / 7).quantize(Decimal("0.01"))
    assert case.arrears == expected
    assert case.annual_gain == Decimal("150.95") * 52
    assert case.weekly_after_appeal == Decimal("150.95")


@pytest.mark.django_db
def test_upheld_decision_has_no_arrears(case, world):
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={
            "decision_date": date(2025, 4, 10),
            "outcome": Outcome.UPHELD,
            "outcome_date": date(2025, 6, 1),
            "appeal_lodged_date": date(2025, 5, 1),
            "daily_living_after_appeal": ComponentAward.NONE,
        },
    )
    assert case.arrears is None
    assert case.annual_gain is None


@pytest.mark.django_db
def test_pip_components_are_refused_on_other_benefits(case, world):
    with pytest.raises(ValidationError) as refused:
        case_update(case=case, by=world.link_worker, version=case.version, data={"benefit": "esa"})
    assert "PIP components apply to PIP cases only" in str(refused.value)


# PIP estimate


@pytest.mark.django_db
def test_pip_choices_are_saved_and_bad_letters_refused(case, world):
    case = case_set_pip_choices(
        case=case,
        by=world.link_worker,
        version=case.version,
        choices={"preparing_food": "f", "moving_around": "", "washing_and_bathing": "e"},
    )
    assert case.pip_choices == {"preparing_food": "f", "washing_and_bathing": "e"}
    with pytest.raises(ValidationError):
        case_set_pip_choices(
            case=case, by=world.link_worker, version=case.version, choices={"preparing_food": "z"}
        )


@pytest.mark.django_db
def test_hearing_reminder_is_ticked_by_hand_and_reopens_for_a_new_hearing_date(case, world):
    dates = {
        "mr_requested_date": case.decision_date,
        "mr_notice_date": case.decision_date,
        "appeal_lodged_date": case.decision_date,
        "hearing_date": date(2026, 12, 24),
    }
    case = case_update(case=case, by=world.link_worker, version=case.version, data=dates)
    week_before = case.deadlines.get(kind=DeadlineKind.HEARING_7_DAYS)
    deadline_mark_met(deadline=week_before, by=world.link_worker)
    case = case_update(
        case=case, by=world.link_worker, version=case.version, data={"tribunal_reference": "R1"}
    )
    assert computed(case)[DeadlineKind.HEARING_7_DAYS][1] == DeadlineStatus.MET
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"hearing_date": date(2027, 1, 14)},
    )
    assert computed(case)[DeadlineKind.HEARING_7_DAYS] == (date(2027, 1, 7), DeadlineStatus.OPEN)


@pytest.mark.django_db
def test_holding_the_hearing_meets_its_reminders(world):
    from appeals.services import case_transition
    from tests.appeals.conftest import full_dates
    from tests.factories import AppealCaseFactory

    case = AppealCaseFactory(
        patient=world.patient,
        holder=world.link_worker,
        stage=Stage.HEARING_BOOKED,
        **full_dates(),
    )
    assert computed(case)[DeadlineKind.HEARING_1_DAY][1] == DeadlineStatus.OPEN
    case = case_transition(case=case, to=Stage.HEARING, by=world.link_worker)
    assert computed(case)[DeadlineKind.HEARING_1_DAY][1] == DeadlineStatus.MET
    assert computed(case)[DeadlineKind.HEARING_7_DAYS][1] == DeadlineStatus.MET


@pytest.mark.django_db
def test_motability_is_no_longer_at_risk_once_enhanced_mobility_is_restored(case, world):
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"motability_customer": True, "mobility_allowance_end_date": case.decision_date},
    )
    assert case.motability_at_risk
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"mobility_after_appeal": ComponentAward.ENHANCED},
    )
    assert not case.motability_at_risk
