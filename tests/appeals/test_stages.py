import pytest
from django.core.exceptions import ValidationError

from appeals import stages
from appeals.models import DeadlineStatus, Stage, StageChange
from appeals.services import case_transition
from tests.appeals.conftest import full_dates
from tests.factories import AppealCaseFactory, DeadlineFactory

ALLOWED = [(source, move) for source, moves in stages.TRANSITIONS.items() for move in moves]
ALLOWED_PAIRS = {(source, move.target) for source, move in ALLOWED}
REFUSED = [
    (source, target)
    for source in Stage
    for target in Stage
    if source != target and (source, target) not in ALLOWED_PAIRS
]


def test_every_stage_has_a_row_in_the_transition_table():
    assert set(stages.TRANSITIONS) == set(Stage)


def test_only_closed_has_no_way_out():
    assert [s for s, moves in stages.TRANSITIONS.items() if not moves] == [Stage.CLOSED]


def test_every_move_backwards_on_the_main_path_needs_a_reason():
    order = {stage: i for i, stage in enumerate(stages.MAIN_PATH)}
    for source, move in ALLOWED:
        if source in order and move.target in order and order[move.target] < order[source]:
            assert move.needs_reason, f"{source} -> {move.target}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "move"), ALLOWED, ids=[f"{s.value}->{m.target.value}" for s, m in ALLOWED]
)
def test_allowed_transition_moves_the_case_and_records_who_and_when(world, source, move):
    case = AppealCaseFactory(
        patient=world.patient, holder=world.link_worker, stage=source, **full_dates()
    )
    moved = case_transition(
        case=case, to=move.target, by=world.link_worker, reason="Agreed with the patient"
    )
    assert moved.stage == move.target
    change = StageChange.objects.get(case=case)
    assert (change.from_stage, change.to_stage, change.by) == (
        source,
        move.target,
        world.link_worker,
    )
    assert change.at is not None
    assert moved.version == case.version + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "target"), REFUSED, ids=[f"{s.value}->{t.value}" for s, t in REFUSED]
)
def test_transition_not_in_the_table_is_refused_in_plain_words(world, source, target):
    case = AppealCaseFactory(
        patient=world.patient, holder=world.link_worker, stage=source, **full_dates()
    )
    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, to=target, by=world.link_worker, reason="Trying")
    assert f"cannot move to “{target.label}”" in refused.value.messages[0]
    case.refresh_from_db()
    assert case.stage == source
    assert not StageChange.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_moving_to_mr_decided_needs_the_mr_notice_date_and_result(case, world):
    case.stage = Stage.MR_REQUESTED
    case.save()
    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, to=Stage.MR_DECIDED, by=world.link_worker)
    assert refused.value.message_dict == {
        "mr_notice_date": ["Enter the MR notice date before moving to “MR decided”."],
        "mr_result": ["Enter the MR result before moving to “MR decided”."],
    }


@pytest.mark.django_db
def test_required_dates_can_be_given_with_the_move(case, world):
    notice = case.decision_date
    case_transition(
        case=case,
        to=Stage.MR_REQUESTED,
        by=world.link_worker,
        data={"mr_requested_date": notice},
    )
    case.refresh_from_db()
    assert case.stage == Stage.MR_REQUESTED
    assert case.mr_requested_date == notice


@pytest.mark.django_db
def test_moving_backwards_without_a_reason_is_refused(case, world):
    case.stage = Stage.MR_REQUESTED
    case.save()
    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, to=Stage.DECISION_RECEIVED, by=world.link_worker, reason=" ")
    assert refused.value.message_dict == {
        "reason": ["Say why the case is moving to “Decision received”."]
    }


@pytest.mark.django_db
def test_hearing_cannot_be_marked_held_before_its_date(case, world):
    dates = full_dates()
    dates["hearing_date"] = dates["decision_date"].replace(year=dates["decision_date"].year + 2)
    case = AppealCaseFactory(
        patient=world.patient, holder=world.link_worker, stage=Stage.HEARING_BOOKED, **dates
    )
    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, to=Stage.HEARING, by=world.link_worker)
    assert "on or after that day" in refused.value.message_dict["hearing_date"][0]


@pytest.mark.django_db
def test_closing_records_the_date_and_waives_open_deadlines(world):
    case = AppealCaseFactory(
        patient=world.patient, holder=world.link_worker, stage=Stage.DECIDED, **full_dates()
    )
    task = DeadlineFactory(case=case)
    closed = case_transition(case=case, to=Stage.CLOSED, by=world.link_worker)
    task.refresh_from_db()
    assert closed.closed_date is not None
    assert closed.closed_reason == "Decision in favour of the appellant"
    assert task.status == DeadlineStatus.WAIVED
    assert task.status_reason == "Case moved to “Closed”"


def test_progress_puts_side_stages_on_the_main_path():
    assert stages.progress(Stage.DECISION_RECEIVED) == (1, 10)
    assert stages.progress(Stage.CLOSED) == (10, 10)
    assert stages.progress(Stage.ADJOURNED) == stages.progress(Stage.HEARING)
    assert stages.progress(Stage.POSTPONED) == stages.progress(Stage.HEARING_BOOKED)
