"""Every write to an appeal case. Views, the admin, demo data and other apps call these.

Each service is atomic and raises ``ValidationError`` with a message a user can read. A case
carries a ``version``: services that change it take the version the user's form was built
from and refuse a stale one (``StaleCaseError``), so two people editing at once never
silently overwrite each other. Whenever a case's dates change, its computed deadlines and its
money figures are worked out again here, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from appeals import deadlines as rules
from appeals import money, stages
from appeals.models import (
    COMPUTED_KINDS,
    HEARING_REMINDERS,
    MET_BY_CASE_DATES,
    AppealCase,
    Benefit,
    BenefitRate,
    CaseNote,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Stage,
    StageChange,
)
from appeals.pip import score

if TYPE_CHECKING:
    from linkwork.accounts.models import User
    from patients.models import Patient

# Fields a person may change on the edit form; the stage moves only through case_transition,
# money and deadlines are worked out.
#: The PIP award components, before, as decided and after appeal: blank for other benefits.
PIP_FIELDS: tuple[str, ...] = (
    "daily_living_before",
    "mobility_before",
    "daily_living_decided",
    "mobility_decided",
    "daily_living_after_appeal",
    "mobility_after_appeal",
)
EDITABLE_FIELDS: tuple[str, ...] = (
    "holder",
    "referral",
    "benefit",
    "daily_living_before",
    "mobility_before",
    "daily_living_decided",
    "mobility_decided",
    "decision_summary",
    "decision_date",
    "statement_of_reasons_requested",
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
    "motability_customer",
    "mobility_allowance_end_date",
)

# Stages at which the hearing has taken place.
_HEARING_HELD = frozenset({Stage.HEARING, Stage.DECIDED, Stage.UPPER_TRIBUNAL, Stage.ADJOURNED})

# Date order on the letters: (earlier field, later field).
_DATE_ORDER: tuple[tuple[str, str], ...] = (
    ("decision_date", "mr_requested_date"),
    ("mr_requested_date", "mr_notice_date"),
    ("mr_notice_date", "appeal_lodged_date"),
    ("appeal_lodged_date", "dwp_response_date"),
    ("appeal_lodged_date", "hearing_date"),
    ("appeal_lodged_date", "outcome_date"),
)
# Dates of things that have already happened.
_PAST_DATES: tuple[str, ...] = (
    "decision_date",
    "mr_requested_date",
    "mr_notice_date",
    "appeal_lodged_date",
    "dwp_response_date",
    "outcome_date",
)

STALE_MESSAGE = (
    "Someone else changed this case after you opened it. Reload the page to see their "
    "changes, then make yours again."
)


class StaleCaseError(ValidationError):
    """The form was built from an older version of the case than the one saved."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, code="stale")


def _label(field: str) -> str:
    return str(AppealCase._meta.get_field(field).verbose_name)


def _today() -> date:
    return timezone.localdate()


def _lock(case: AppealCase, version: int | None) -> AppealCase:
    locked = (
        AppealCase.objects.select_for_update(of=("self",))
        .select_related("patient__practice")
        .get(pk=case.pk)
    )
    if version is not None and locked.version != version:
        raise StaleCaseError
    return locked


def _apply(case: AppealCase, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Fields that cannot be set here: {sorted(unknown)}")
    for field, value in data.items():
        setattr(case, field, "" if value is None and _is_text(field) else value)


def _is_text(field: str) -> bool:
    return AppealCase._meta.get_field(field).get_internal_type() in ("CharField", "TextField")


def validate_case(case: AppealCase, today: date | None = None) -> None:
    """Check the case's dates make sense together; raise field errors in plain words."""
    today = today or _today()
    errors: dict[str, list[str]] = {}
    for field in _PAST_DATES:
        value = getattr(case, field)
        if value and value > today:
            errors.setdefault(field, []).append(
                f"The {_label(field)} cannot be in the future: enter the date on the letter."
            )
    for earlier, later in _DATE_ORDER:
        first, second = getattr(case, earlier), getattr(case, later)
        if first and second and second < first:
            errors.setdefault(later, []).append(
                f"The {_label(later)} cannot be before the {_label(earlier)}."
            )
    if case.benefit != Benefit.PIP:
        for field in PIP_FIELDS:
            if getattr(case, field):
                errors.setdefault(field, []).append(
                    "PIP components apply to PIP cases only: leave this blank."
                )
    if case.holder_id and not (
        case.holder.is_link_worker and case.holder.service_id == case.patient.practice.service_id
    ):
        errors.setdefault("holder", []).append(
            "Choose a link worker of the patient's service to hold the case."
        )
    if case.referral_id and case.referral.patient_id != case.patient_id:
        errors.setdefault("referral", []).append("Choose one of this patient's referrals.")
    if errors:
        raise ValidationError(errors)


def _save(case: AppealCase, *, today: date | None = None) -> AppealCase:
    validate_case(case, today)
    case.version += 1
    _recompute_money(case)
    case.save()
    deadlines_recompute(case=case, today=today)
    return case


@transaction.atomic
def case_create(
    *, patient: Patient, by: User, holder: User, data: Mapping[str, Any] | None = None
) -> AppealCase:
    """Open an appeal case for a patient, held by ``holder``, with what the letter says."""
    case = AppealCase(
        patient=patient,
        holder=holder,
        created_by=by,
        version=0,
        motability_customer=patient.motability_customer,
    )
    _apply(case, data or {}, EDITABLE_FIELDS)
    _save(case)
    return case


@transaction.atomic
def case_update(*, case: AppealCase, by: User, version: int, data: Mapping[str, Any]) -> AppealCase:
    """Change a case's facts. Refuses a form built from an older version of the case."""
    locked = _lock(case, version)
    _apply(locked, data, EDITABLE_FIELDS)
    locked._change_reason = f"Edited by {by.pk}"
    return _save(locked)


@transaction.atomic
def case_transition(
    *,
    case: AppealCase,
    to: str,
    by: User,
    reason: str = "",
    version: int | None = None,
    data: Mapping[str, Any] | None = None,
    today: date | None = None,
) -> AppealCase:
    """Move a case to another stage, if ``appeals.stages.TRANSITIONS`` allows it.

    ``data`` fills in the fields the move needs (e.g. the MR notice date); a move that needs a
    reason (going back, ending or interrupting the appeal) refuses an empty one. Records a
    ``StageChange`` and waives open deadlines when the case ends.
    """
    today = today or _today()
    locked = _lock(case, version)
    source = Stage(locked.stage)
    target = Stage(to)
    allowed = stages.move(source, target)
    if allowed is None:
        options = ", ".join(str(m.target.label) for m in stages.moves_from(source))
        hint = f" From here it can move to: {options}." if options else " It is closed."
        raise ValidationError(
            f"A case at “{source.label}” cannot move to “{target.label}”.{hint}",
            code="not_allowed",
        )
    _apply(locked, data or {}, stages.TRANSITION_FIELDS)
    errors: dict[str, str] = {}
    for field in allowed.requires:
        if getattr(locked, field) in (None, ""):
            errors[field] = f"Enter the {_label(field)} before moving to “{target.label}”."
    if allowed.needs_reason and not reason.strip():
        errors["reason"] = f"Say why the case is moving to “{target.label}”."
    if (
        target == Stage.HEARING
        and locked.hearing_date
        and locked.hearing_date > today
        and "hearing_date" not in errors
    ):
        errors["hearing_date"] = (
            f"The hearing is booked for {locked.hearing_date:%d/%m/%Y}: move the case to "
            "“Hearing” on or after that day, or change the hearing date."
        )
    if errors:
        raise ValidationError(errors)
    if target == Stage.CLOSED:
        locked.closed_date = today
        locked.closed_reason = reason.strip()[:200] or (
            locked.get_outcome_display() if locked.outcome else "Appeal concluded"
        )
    locked.stage = target
    locked.stage_changed_at = timezone.now()
    locked._change_reason = f"Stage: {source.label} → {target.label}"
    _save(locked, today=today)
    StageChange.objects.create(
        case=locked, from_stage=source, to_stage=target, by=by, reason=reason.strip()
    )
    if target in stages.ENDED:
        locked.deadlines.filter(status=DeadlineStatus.OPEN).update(
            status=DeadlineStatus.WAIVED,
            status_reason=f"Case moved to “{target.label}”",
            status_changed_at=timezone.now(),
            status_changed_by=by,
        )
    return locked


@transaction.atomic
def case_set_pip_choices(
    *, case: AppealCase, by: User, version: int, choices: Mapping[str, str]
) -> AppealCase:
    """Save the descriptors chosen for the PIP points estimate (empty letters are dropped)."""
    locked = _lock(case, version)
    if not locked.is_pip:
        raise ValidationError("The points estimate is for PIP cases only.")
    chosen = {k: v for k, v in choices.items() if v}
    try:
        score(locked.pip_rule_set, chosen)
    except ValueError as error:
        raise ValidationError(str(error)) from error
    locked.pip_choices = chosen
    locked._change_reason = "PIP points estimate"
    return _save(locked)


@transaction.atomic
def note_add(*, case: AppealCase, by: User, text: str) -> CaseNote:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the note before saving it."})
    return CaseNote.objects.create(case=case, author=by, text=text)


# Deadlines


@transaction.atomic
def deadline_add(
    *, case: AppealCase, kind: str, due: date, label: str, by: User | None
) -> Deadline:
    """Add a deadline by hand or from another app (e.g. a GP statement request: kind
    ``DeadlineKind.STATEMENT``). Computed kinds are refused: they follow the case's dates."""
    if kind in COMPUTED_KINDS:
        raise ValidationError(
            "That deadline is worked out from the case's dates: change the dates instead."
        )
    if kind not in DeadlineKind.values:
        raise ValidationError(f"Unknown kind of deadline: {kind}.")
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Say what has to be done by this date."})
    return Deadline.objects.create(
        case=case, kind=kind, due=due, label=label[:200], created_by=by, is_computed=False
    )


def _set_status(deadline: Deadline, status: str, by: User, reason: str = "") -> Deadline:
    deadline.status = status
    deadline.status_reason = reason
    deadline.status_changed_at = timezone.now()
    deadline.status_changed_by = by
    deadline.save()
    return deadline


@transaction.atomic
def deadline_mark_met(*, deadline: Deadline, by: User) -> Deadline:
    """Mark a task, statement or Motability return done. Deadlines that follow the case's
    dates are met by recording the step (e.g. the MR requested date) instead."""
    if deadline.kind in MET_BY_CASE_DATES:
        raise ValidationError(
            "This deadline is met by recording the date on the case: edit the case instead."
        )
    if deadline.status != DeadlineStatus.OPEN:
        raise ValidationError("Only an open deadline can be marked done.")
    return _set_status(deadline, DeadlineStatus.MET, by)


@transaction.atomic
def deadline_waive(*, deadline: Deadline, by: User, reason: str) -> Deadline:
    """Set a deadline aside (it no longer applies), saying why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this deadline no longer applies."})
    if deadline.status != DeadlineStatus.OPEN:
        raise ValidationError("Only an open deadline can be waived.")
    return _set_status(deadline, DeadlineStatus.WAIVED, by, reason[:200])


@transaction.atomic
def deadline_reopen(*, deadline: Deadline, by: User) -> Deadline:
    """Open again a deadline that was waived or marked done by hand."""
    if deadline.status == DeadlineStatus.OPEN:
        raise ValidationError("This deadline is already open.")
    if not deadline.can_reopen:
        raise ValidationError(
            "This deadline follows the case's dates: clear the date on the case to reopen it."
        )
    return _set_status(deadline, DeadlineStatus.OPEN, by)


def _case_dates(case: AppealCase) -> rules.CaseDates:
    return rules.CaseDates(
        decision_date=case.decision_date,
        statement_of_reasons_requested=case.statement_of_reasons_requested,
        mr_requested_date=case.mr_requested_date,
        mr_notice_date=case.mr_notice_date,
        appeal_lodged_date=case.appeal_lodged_date,
        dwp_response_date=case.dwp_response_date,
        hearing_date=case.hearing_date,
        hearing_held=case.stage in _HEARING_HELD,
        motability_customer=case.motability_customer,
        mobility_allowance_end_date=case.mobility_allowance_end_date,
    )


def _computed_label(kind: str, case: AppealCase) -> str:
    labels = {
        DeadlineKind.MR: "Mandatory reconsideration request to reach DWP",
        DeadlineKind.APPEAL: "Appeal (SSCS1) to reach HMCTS",
        DeadlineKind.DWP_RESPONSE: "DWP response to the appeal due",
        DeadlineKind.HEARING_7_DAYS: "Hearing in 7 days: check evidence and travel",
        DeadlineKind.HEARING_1_DAY: "Hearing tomorrow: confirm arrangements",
        DeadlineKind.MOTABILITY_RETURN: "Motability car return (support payment limit)",
    }
    return labels[DeadlineKind(kind)]


@transaction.atomic
def deadlines_recompute(*, case: AppealCase, today: date | None = None) -> list[Deadline]:
    """Bring the case's computed deadline rows in line with its dates. Idempotent.

    A deadline whose source date is gone is deleted (its history stays); a changed date moves
    the due date; a step recorded on time makes it met, late makes it missed, cleared makes it
    open again. Waived rows stay waived. No new open row is added to a case that has ended.
    """
    plan = rules.planned_deadlines(
        _case_dates(case), motability_weeks=settings.APPEALS_MOTABILITY_RETURN_WEEKS
    )
    existing = {d.kind: d for d in case.deadlines.filter(is_computed=True)}
    ended = case.stage in stages.ENDED
    now = timezone.now()
    result: list[Deadline] = []
    for kind in sorted(COMPUTED_KINDS):
        planned = plan.get(kind)
        row = existing.get(kind)
        if planned is None:
            if row is not None:
                row.delete()
            continue
        if row is None:
            if ended:
                continue
            row = Deadline(
                case=case, kind=kind, is_computed=True, label=_computed_label(kind, case)
            )
        status = row.status
        if kind in MET_BY_CASE_DATES and status != DeadlineStatus.WAIVED:
            if planned.done_on is None:
                status = DeadlineStatus.OPEN
            elif planned.done_on <= planned.due:
                status = DeadlineStatus.MET
            else:
                status = DeadlineStatus.MISSED
        elif kind in HEARING_REMINDERS and status != DeadlineStatus.WAIVED:
            if planned.done_on is not None:
                status = DeadlineStatus.MET
            elif not row._state.adding and row.due != planned.due:
                status = DeadlineStatus.OPEN  # a new hearing date: prepare again
        if row._state.adding or row.due != planned.due or row.status != status:
            if row.status != status:
                row.status_changed_at = now
                row.status_reason = ""
            row.due = planned.due
            row.status = status
            row.save()
        result.append(row)
    return result


# Money


def _rates(benefit: str) -> list[money.Rate]:
    return [
        money.Rate(r.component, r.rate, r.valid_from, r.weekly_amount)
        for r in BenefitRate.objects.filter(benefit=benefit)
    ]


def _recompute_money(case: AppealCase) -> None:
    """Weekly values, arrears and annual gain from the components and the rate table."""
    case.weekly_before = case.weekly_decided = case.weekly_after_appeal = None
    case.arrears = case.annual_gain = None
    if not case.is_pip or not case.decision_date:
        return
    rates = _rates(case.benefit)
    before = money.Award(case.daily_living_before, case.mobility_before)
    decided = money.Award(case.daily_living_decided, case.mobility_decided)
    if case.daily_living_before or case.mobility_before:
        case.weekly_before = money.weekly_amount(rates, before, case.decision_date)
    if case.daily_living_decided or case.mobility_decided:
        case.weekly_decided = money.weekly_amount(rates, decided, case.decision_date)
    if not (case.daily_living_after_appeal or case.mobility_after_appeal):
        return
    restored = money.Award(case.daily_living_after_appeal, case.mobility_after_appeal)
    on = case.outcome_date or case.decision_date
    case.weekly_after_appeal = money.weekly_amount(rates, restored, on)
    if case.is_successful and case.outcome_date:
        case.arrears = money.arrears(rates, decided, restored, case.decision_date, on)
        case.annual_gain = money.annual_gain(rates, decided, restored, on)


@transaction.atomic
def rates_changed(*, benefit: str) -> int:
    """Work out the money of every case of ``benefit`` again after the rate table changed."""
    count = 0
    for case in AppealCase.objects.filter(benefit=benefit).select_for_update():
        _recompute_money(case)
        case.save(
            update_fields=[
                "weekly_before",
                "weekly_decided",
                "weekly_after_appeal",
                "arrears",
                "annual_gain",
            ]
        )
        count += 1
    return count
