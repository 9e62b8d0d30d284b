"""Demo appeal cases for ``manage.py seed_demo``: one at every stage, and the story of a PIP
refusal that put a Motability car at risk, won on appeal about three months later.

Cases are made through the services (so deadlines, money and stage history are real), on
demo patients from ``patients.demo`` whose case a link worker holds. Idempotent: a patient who
already has an appeal case is left alone. Dates are relative to the day of seeding.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from appeals.models import (
    AppealCase,
    Benefit,
    CaseNote,
    ComponentAward,
    DeadlineKind,
    HearingType,
    MRResult,
    Outcome,
    Stage,
    StageChange,
)
from appeals.services import (
    case_create,
    case_set_pip_choices,
    case_transition,
    deadline_add,
    deadline_waive,
    note_add,
)
from appeals.stages import MAIN_PATH
from patients.demo import DEMO_PATIENTS, demo_nhs_number
from patients.models import Patient

# The moves along the usual path (a new case starts at its first stage).
MAIN = list(MAIN_PATH[1:])

# The moves that bring a case to each stage.
PATHS: dict[Stage, list[Stage]] = {
    Stage.DECISION_RECEIVED: [],
    **{stage: MAIN[: i + 1] for i, stage in enumerate(MAIN)},
    Stage.WITHDRAWN: [Stage.MR_REQUESTED, Stage.WITHDRAWN],
    Stage.LAPSED: [*MAIN[:4], Stage.LAPSED],
    Stage.STRUCK_OUT: [*MAIN[:3], Stage.STRUCK_OUT],
    Stage.ADJOURNED: [*MAIN[:7], Stage.ADJOURNED],
    Stage.POSTPONED: [*MAIN[:6], Stage.POSTPONED],
    Stage.UPPER_TRIBUNAL: [*MAIN[:8], Stage.UPPER_TRIBUNAL],
}

REASONS = {
    Stage.WITHDRAWN: "Patient decided not to go on: too unwell to face it this year.",
    Stage.LAPSED: "DWP looked again after the appeal was lodged and awarded both components.",
    Stage.STRUCK_OUT: "Tribunal struck the appeal out: the SSCS1 was not signed.",
    Stage.ADJOURNED: "Panel adjourned to get the hospital physiotherapy records.",
    Stage.POSTPONED: "Patient in hospital on the hearing date; postponement granted.",
    Stage.UPPER_TRIBUNAL: "Statement of reasons shows the panel ignored the carer's evidence.",
}

# Days before today of each date, by the stage the case reaches (None: not yet happened).
SCENARIOS: dict[Stage, dict[str, int]] = {
    Stage.DECISION_RECEIVED: {"decision_date": 12},
    Stage.MR_REQUESTED: {"decision_date": 40, "mr_requested_date": 30},
    Stage.MR_DECIDED: {"decision_date": 70, "mr_requested_date": 60, "mr_notice_date": 20},
    Stage.APPEAL_LODGED: {
        "decision_date": 100,
        "mr_requested_date": 90,
        "mr_notice_date": 50,
        "appeal_lodged_date": 10,
    },
    Stage.WITH_DWP: {
        "decision_date": 120,
        "mr_requested_date": 110,
        "mr_notice_date": 70,
        "appeal_lodged_date": 38,
    },
    Stage.RESPONSE_RECEIVED: {
        "decision_date": 150,
        "mr_requested_date": 140,
        "mr_notice_date": 100,
        "appeal_lodged_date": 60,
        "dwp_response_date": 25,
    },
    Stage.HEARING_BOOKED: {
        "decision_date": 250,
        "mr_requested_date": 240,
        "mr_notice_date": 200,
        "appeal_lodged_date": 180,
        "dwp_response_date": 140,
        "hearing_date": -6,
    },
    Stage.HEARING: {
        "decision_date": 260,
        "mr_requested_date": 250,
        "mr_notice_date": 210,
        "appeal_lodged_date": 190,
        "dwp_response_date": 150,
        "hearing_date": 1,
    },
    Stage.DECIDED: {
        "decision_date": 300,
        "mr_requested_date": 290,
        "mr_notice_date": 250,
        "appeal_lodged_date": 230,
        "dwp_response_date": 190,
        "hearing_date": 20,
        "outcome_date": 14,
    },
}
for _stage in (Stage.CLOSED, Stage.UPPER_TRIBUNAL):
    SCENARIOS[_stage] = SCENARIOS[Stage.DECIDED]
SCENARIOS[Stage.WITHDRAWN] = SCENARIOS[Stage.MR_REQUESTED]
SCENARIOS[Stage.LAPSED] = SCENARIOS[Stage.WITH_DWP]
SCENARIOS[Stage.STRUCK_OUT] = SCENARIOS[Stage.APPEAL_LODGED]
SCENARIOS[Stage.ADJOURNED] = SCENARIOS[Stage.HEARING]
SCENARIOS[Stage.POSTPONED] = SCENARIOS[Stage.HEARING_BOOKED]


# The case date on which each stage is reached, and days after it.
STAGE_DATES: dict[Stage, tuple[str, int]] = {
    Stage.MR_REQUESTED: ("mr_requested_date", 0),
    Stage.MR_DECIDED: ("mr_notice_date", 2),
    Stage.APPEAL_LODGED: ("appeal_lodged_date", 0),
    Stage.WITH_DWP: ("appeal_lodged_date", 3),
    Stage.RESPONSE_RECEIVED: ("dwp_response_date", 1),
    Stage.HEARING_BOOKED: ("dwp_response_date", 20),
    Stage.HEARING: ("hearing_date", 0),
    Stage.DECIDED: ("outcome_date", 1),
    Stage.CLOSED: ("outcome_date", 8),
    Stage.UPPER_TRIBUNAL: ("outcome_date", 12),
}


def _backdate(case: AppealCase, today: date) -> None:
    """Put the case's history on the days it happened, so the demo timeline reads true.

    Demo only: the services stamp the real time, and these rows are never changed otherwise.
    """
    opened = (case.decision_date or today) + timedelta(days=2)
    AppealCase.objects.filter(pk=case.pk).update(created_at=_at(min(opened, today), 10))
    for change in StageChange.objects.filter(case=case):
        field, days = STAGE_DATES.get(Stage(change.to_stage), ("", 0))
        when = getattr(case, field, None) if field else None
        day = when + timedelta(days=days) if when else today - timedelta(days=1)
        StageChange.objects.filter(pk=change.pk).update(at=_at(min(day, today), 14))


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _demo_patients(count: int) -> list[Patient]:
    """Demo patients with an NHS number and a link worker, in a fixed order."""
    numbers = [demo_nhs_number(i) for i in range(1, DEMO_PATIENTS) if i % 12 and i % 13][
        : count * 2
    ]
    by_number = {
        p.nhs_number: p
        for p in Patient.objects.filter(
            nhs_number__in=numbers, holder__isnull=False
        ).select_related("holder", "practice")
    }
    return [by_number[n] for n in numbers if n in by_number][:count]


def _facts(stage: Stage, today: date) -> dict[str, Any]:
    data: dict[str, Any] = {
        field: today - timedelta(days=days) for field, days in SCENARIOS[stage].items()
    }
    data |= {
        "benefit": Benefit.PIP,
        "daily_living_before": ComponentAward.STANDARD,
        "mobility_before": ComponentAward.STANDARD,
        "daily_living_decided": ComponentAward.NONE,
        "mobility_decided": ComponentAward.NONE,
        "decision_summary": "PIP review: both components stopped (4 daily living points, "
        "4 mobility points).",
    }
    if "mr_notice_date" in data:
        data["mr_result"] = MRResult.UNCHANGED
    if "appeal_lodged_date" in data:
        data["tribunal_reference"] = f"SC242/{today:%y}/{10000 + 37 * list(Stage).index(stage)}"
    if "hearing_date" in data:
        data["hearing_type"] = HearingType.ORAL
    if "outcome_date" in data:
        data["outcome"] = Outcome.IN_FAVOUR
        data["daily_living_after_appeal"] = ComponentAward.STANDARD
        data["mobility_after_appeal"] = ComponentAward.STANDARD
    if stage == Stage.LAPSED:
        data["outcome"] = Outcome.REVISED_BY_DWP
    return data


def _case_at(stage: Stage, patient: Patient, today: date) -> AppealCase:
    holder = patient.holder
    case = case_create(patient=patient, by=holder, holder=holder, data=_facts(stage, today))
    for target in PATHS[stage]:
        case = case_transition(
            case=case, to=target, by=holder, reason=REASONS.get(target, ""), today=today
        )
    _backdate(case, today)
    return case


def _motability_story(patient: Patient, today: date) -> AppealCase:
    """A PIP review stops both components; the patient leases a Motability car that must go
    back 8 weeks after the mobility award ends. The appeal is won about three months after
    the decision, before the car has to be returned."""
    holder = patient.holder
    decision = today - timedelta(days=110)
    case = case_create(
        patient=patient,
        by=holder,
        holder=holder,
        data={
            "benefit": Benefit.PIP,
            "daily_living_before": ComponentAward.STANDARD,
            "mobility_before": ComponentAward.ENHANCED,
            "daily_living_decided": ComponentAward.NONE,
            "mobility_decided": ComponentAward.NONE,
            "decision_summary": "PIP review after 3 years: 6 daily living points and 8 mobility "
            "points. Both components stop.",
            "decision_date": decision,
            "motability_customer": True,
            "mobility_allowance_end_date": decision + timedelta(days=56),
        },
    )
    first_note = note_add(
        case=case,
        by=holder,
        text="Patient rang in tears: the Motability car goes back within 8 weeks of the "
        "mobility award ending and she cannot get to dialysis without it.",
    )
    steps: list[tuple[Stage, dict[str, Any]]] = [
        (Stage.MR_REQUESTED, {"mr_requested_date": decision + timedelta(days=6)}),
        (
            Stage.MR_DECIDED,
            {"mr_notice_date": decision + timedelta(days=30), "mr_result": MRResult.UNCHANGED},
        ),
        (Stage.APPEAL_LODGED, {"appeal_lodged_date": decision + timedelta(days=33)}),
        (Stage.WITH_DWP, {"tribunal_reference": "SC242/25/04117"}),
        (Stage.RESPONSE_RECEIVED, {"dwp_response_date": decision + timedelta(days=58)}),
        (
            Stage.HEARING_BOOKED,
            {"hearing_type": HearingType.ORAL, "hearing_date": decision + timedelta(days=92)},
        ),
        (Stage.HEARING, {}),
        (
            Stage.DECIDED,
            {
                "outcome": Outcome.IN_FAVOUR,
                "outcome_date": decision + timedelta(days=94),
                "daily_living_after_appeal": ComponentAward.STANDARD,
                "mobility_after_appeal": ComponentAward.ENHANCED,
            },
        ),
    ]
    for target, data in steps:
        case = case_transition(case=case, to=target, by=holder, data=data, today=today)
    case = case_set_pip_choices(
        case=case,
        by=holder,
        version=case.version,
        choices={
            "preparing_food": "d",
            "managing_therapy": "b",
            "washing_and_bathing": "e",
            "dressing_and_undressing": "d",
            "engaging_with_other_people": "b",
            "moving_around": "e",
        },
    )
    motability = case.deadlines.get(kind=DeadlineKind.MOTABILITY_RETURN)
    deadline_waive(
        deadline=motability,
        by=holder,
        reason="Enhanced mobility restored on appeal: the car stays",
    )
    last_note = note_add(
        case=case,
        by=holder,
        text="Won at the hearing: standard daily living and enhanced mobility restored and "
        "backdated. Motability told; the car stays.",
    )
    _backdate(case, today)
    CaseNote.objects.filter(pk=first_note.pk).update(
        created_at=_at(decision + timedelta(days=2), 11)
    )
    CaseNote.objects.filter(pk=last_note.pk).update(
        created_at=_at(case.outcome_date + timedelta(days=1), 9)
    )
    return case


@transaction.atomic
def seed(people) -> None:
    today = timezone.localdate()
    stages = list(PATHS)
    patients = _demo_patients(len(stages) + 1)
    if len(patients) < len(stages) + 1:
        return  # the patients step has not run: nothing to hang cases on
    story_patient, *others = patients
    if not AppealCase.objects.filter(patient=story_patient).exists():
        _motability_story(story_patient, today)
    for stage, patient in zip(stages, others, strict=False):
        if AppealCase.objects.filter(patient=patient).exists():
            continue
        case = _case_at(stage, patient, today)
        if stage in (Stage.MR_REQUESTED, Stage.RESPONSE_RECEIVED):
            deadline_add(
                case=case,
                kind=DeadlineKind.TASK,
                due=today + timedelta(days=3),
                label="Chase GP letter about daily living needs",
                by=patient.holder,
            )
