"""The stage machine of an appeal case: one table of allowed moves and what each needs.

``TRANSITIONS`` is the only place that says which stage may follow which. Each entry names the
case fields that must be filled before the move (the form asks for them) and whether the move
needs a reason (moves backwards, and moves that end or interrupt the appeal).
``appeals.services.case_transition`` checks a move against this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from appeals.models import Stage

# The usual path, in order: the progress bar shows a case's place on it.
MAIN_PATH: tuple[Stage, ...] = (
    Stage.DECISION_RECEIVED,
    Stage.MR_REQUESTED,
    Stage.MR_DECIDED,
    Stage.APPEAL_LODGED,
    Stage.WITH_DWP,
    Stage.RESPONSE_RECEIVED,
    Stage.HEARING_BOOKED,
    Stage.HEARING,
    Stage.DECIDED,
    Stage.CLOSED,
)

# Stages at which the case is over: open deadlines are waived when a case arrives at one.
ENDED: frozenset[Stage] = frozenset({Stage.CLOSED, Stage.WITHDRAWN, Stage.LAPSED, Stage.STRUCK_OUT})

# Where a case off the main path sits on the progress bar.
PROGRESS_POSITION: dict[Stage, Stage] = {
    Stage.ADJOURNED: Stage.HEARING,
    Stage.POSTPONED: Stage.HEARING_BOOKED,
    Stage.UPPER_TRIBUNAL: Stage.DECIDED,
    Stage.WITHDRAWN: Stage.CLOSED,
    Stage.LAPSED: Stage.CLOSED,
    Stage.STRUCK_OUT: Stage.CLOSED,
}


@dataclass(frozen=True)
class Move:
    """A permitted move to ``target``: fields required first, and whether a reason is."""

    target: Stage
    requires: tuple[str, ...] = ()
    needs_reason: bool = False


def _back(target: Stage) -> Move:
    return Move(target, needs_reason=True)


_WITHDRAW = Move(Stage.WITHDRAWN, needs_reason=True)
_LAPSE = Move(Stage.LAPSED, needs_reason=True)
_STRIKE_OUT = Move(Stage.STRUCK_OUT, needs_reason=True)

TRANSITIONS: dict[Stage, tuple[Move, ...]] = {
    Stage.DECISION_RECEIVED: (
        Move(Stage.MR_REQUESTED, requires=("decision_date", "mr_requested_date")),
        Move(Stage.CLOSED, needs_reason=True),
    ),
    Stage.MR_REQUESTED: (
        Move(Stage.MR_DECIDED, requires=("mr_notice_date", "mr_result")),
        _back(Stage.DECISION_RECEIVED),
        _WITHDRAW,
    ),
    Stage.MR_DECIDED: (
        Move(Stage.APPEAL_LODGED, requires=("appeal_lodged_date",)),
        Move(Stage.CLOSED, needs_reason=True),
        _back(Stage.MR_REQUESTED),
    ),
    Stage.APPEAL_LODGED: (
        Move(Stage.WITH_DWP, requires=("tribunal_reference",)),
        _back(Stage.MR_DECIDED),
        _WITHDRAW,
        _STRIKE_OUT,
    ),
    Stage.WITH_DWP: (
        Move(Stage.RESPONSE_RECEIVED, requires=("dwp_response_date",)),
        _back(Stage.APPEAL_LODGED),
        _LAPSE,
        _WITHDRAW,
        _STRIKE_OUT,
    ),
    Stage.RESPONSE_RECEIVED: (
        Move(Stage.HEARING_BOOKED, requires=("hearing_type", "hearing_date")),
        _back(Stage.WITH_DWP),
        _LAPSE,
        _WITHDRAW,
        _STRIKE_OUT,
    ),
    Stage.HEARING_BOOKED: (
        Move(Stage.HEARING, requires=("hearing_date",)),
        Move(Stage.POSTPONED, needs_reason=True),
        _back(Stage.RESPONSE_RECEIVED),
        _LAPSE,
        _WITHDRAW,
        _STRIKE_OUT,
    ),
    Stage.POSTPONED: (
        Move(Stage.HEARING_BOOKED, requires=("hearing_type", "hearing_date")),
        _LAPSE,
        _WITHDRAW,
    ),
    Stage.HEARING: (
        Move(Stage.DECIDED, requires=("outcome", "outcome_date")),
        Move(Stage.ADJOURNED, needs_reason=True),
    ),
    Stage.ADJOURNED: (
        Move(Stage.HEARING_BOOKED, requires=("hearing_type", "hearing_date")),
        _LAPSE,
        _WITHDRAW,
    ),
    Stage.DECIDED: (
        Move(Stage.CLOSED),
        Move(Stage.UPPER_TRIBUNAL, needs_reason=True),
        _back(Stage.HEARING),
    ),
    Stage.UPPER_TRIBUNAL: (Move(Stage.CLOSED, needs_reason=True),),
    Stage.LAPSED: (
        Move(Stage.CLOSED, requires=("outcome",)),
        _back(Stage.WITH_DWP),
    ),
    Stage.WITHDRAWN: (Move(Stage.CLOSED),),
    Stage.STRUCK_OUT: (
        Move(Stage.CLOSED),
        _back(Stage.APPEAL_LODGED),
    ),
    Stage.CLOSED: (),
}

# The fields a move may ask for, in form order; shared by the form and the service.
TRANSITION_FIELDS: tuple[str, ...] = (
    "decision_date",
    "mr_requested_date",
    "mr_notice_date",
    "mr_result",
    "appeal_lodged_date",
    "tribunal_reference",
    "dwp_response_date",
    "hearing_type",
    "hearing_date",
    "outcome",
    "outcome_date",
    "daily_living_after_appeal",
    "mobility_after_appeal",
)

# Extra fields offered (not required) with a move, because they are learnt at that point.
OFFERED_WITH: dict[Stage, tuple[str, ...]] = {
    Stage.DECIDED: ("daily_living_after_appeal", "mobility_after_appeal"),
    Stage.CLOSED: ("outcome", "daily_living_after_appeal", "mobility_after_appeal"),
}


def moves_from(stage: str) -> tuple[Move, ...]:
    return TRANSITIONS[Stage(stage)]


def move(source: str, target: str) -> Move | None:
    """The move from ``source`` to ``target``, or None when the table does not allow it."""
    for candidate in moves_from(source):
        if candidate.target == target:
            return candidate
    return None


def progress(stage: str) -> tuple[int, int]:
    """The case's step on the main path (1-based) and the number of steps."""
    position = PROGRESS_POSITION.get(Stage(stage), Stage(stage))
    return MAIN_PATH.index(position) + 1, len(MAIN_PATH)
