"""Every figure of the reports, defined once as the queryset of the records behind it.

A figure's number on the report page is counted in the database from its queryset, and its
drill-down list shows the rows of the same queryset: the two cannot disagree. Each figure may
be narrowed by a *group* (``"worker:<id>"``, ``"source:gp"``, ``"month:2026-03"``, ...), which
is how a cell of a table (one link worker's overdue deadlines) links to its own records.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from appeals.models import (
    SUCCESSFUL_OUTCOMES,
    AppealCase,
    ComponentAward,
    Deadline,
    DeadlineStatus,
    MRResult,
    Outcome,
)
from appeals.stages import ENDED
from linkwork.accounts.models import Practice
from linkwork.reports import periods
from linkwork.reports.scope import APPEALS, CASELOAD, NEEDS, OUTCOMES, REFERRALS, ReportScope
from patients.models import (
    MeasureKind,
    Need,
    OutcomeMeasure,
    Patient,
    PatientStatus,
    SupportOffer,
    Timepoint,
)
from referrals.models import (
    Referral,
    ReferralStatus,
    ReferralTransition,
    patients_awaiting_first_contact,
)

# What a figure lists: the drill-down page picks its columns from this.
PATIENT = "patient"
REFERRAL = "referral"
CASE = "case"
DEADLINE = "deadline"
NEED = "need"
SUPPORT = "support"

NO_WORKER = "none"


@dataclass(frozen=True)
class ReportContext:
    """One report request: the user's scope, the period (both days included), today, and the
    practice, link worker and (for administrators) service chosen in the filters; the scope's
    own narrowing wins."""

    scope: ReportScope
    start: date
    end: date
    today: date
    practice_id: uuid.UUID | None = None
    worker_id: uuid.UUID | None = None
    service_id: uuid.UUID | None = None
    #: Counts two sections share, made once per report (``selectors.per_report``), and the
    #: lock that makes sections counted at the same time wait for the first to count them.
    counted: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    counting: threading.Lock = field(
        default_factory=threading.Lock, compare=False, hash=False, repr=False
    )

    @property
    def service(self) -> uuid.UUID | None:
        return self.scope.service_id or self.service_id

    @property
    def practice(self) -> uuid.UUID | None:
        return self.scope.practice_id or self.practice_id

    @property
    def worker(self) -> uuid.UUID | None:
        return self.scope.worker_id or self.worker_id

    @property
    def period(self) -> tuple[date, date]:
        return self.start, self.end

    @cached_property
    def service_practices(self) -> list[uuid.UUID]:
        """The service's practices, read once per report. Every figure filters patients on
        this short list of ids, which PostgreSQL checks on each row as it scans, instead of
        joining the practices table in every query (half the cost of the scoped scan)."""
        return list(Practice.objects.filter(service_id=self.service).values_list("pk", flat=True))


def patient_q(ctx: ReportContext, prefix: str = "", *, by_holder: bool = True) -> Q:
    """The patients a report covers, as a condition on a path (``prefix``) to the patient."""
    condition = Q()
    if ctx.service is not None:
        condition &= Q(**{f"{prefix}practice_id__in": ctx.service_practices})
    if ctx.practice is not None:
        condition &= Q(**{f"{prefix}practice_id": ctx.practice})
    if by_holder and ctx.worker is not None:
        condition &= Q(**{f"{prefix}holder_id": ctx.worker})
    return condition


# Base querysets


def patients(ctx: ReportContext) -> QuerySet[Patient]:
    return Patient.objects.filter(patient_q(ctx))


def referrals(ctx: ReportContext) -> QuerySet[Referral]:
    return Referral.objects.filter(patient_q(ctx, "patient__"))


def cases(ctx: ReportContext) -> QuerySet[AppealCase]:
    """Appeal cases of the covered patients; the link-worker filter is the case's holder."""
    queryset = AppealCase.objects.filter(patient_q(ctx, "patient__", by_holder=False))
    if ctx.worker is not None:
        queryset = queryset.filter(holder_id=ctx.worker)
    return queryset


def deadlines(ctx: ReportContext) -> QuerySet[Deadline]:
    queryset = Deadline.objects.filter(patient_q(ctx, "case__patient__", by_holder=False))
    if ctx.worker is not None:
        queryset = queryset.filter(case__holder_id=ctx.worker)
    return queryset


# Caseload figures (patients by the link worker who holds them)


def _with_referral(**conditions) -> Q:
    """Patients with a referral matching ``conditions``. An uncorrelated ``IN`` (which
    PostgreSQL hashes once) rather than a correlated ``EXISTS`` run for every patient."""
    return Q(pk__in=Referral.objects.filter(**conditions).values("patient_id"))


def patient_conditions(ctx: ReportContext) -> dict[str, Q]:
    """The caseload figures as conditions on a patient, so that the report can count them all
    in one grouped pass and each drill-down can list one of them.

    * active: the patient is active (today);
    * new: a referral was received in the period;
    * closed: a referral was closed in the period;
    * awaiting: with a referral still waiting for its first contact (today), the patient's
      record not closed (``ReferralQuerySet.awaiting_first_contact``);
    * year: a referral was received in the year (365 days) ending on the period's last day,
      the number compared with the service's annual capacity.
    """
    year = (periods.year_before(ctx.end), ctx.end)
    first, after = periods.instants(ctx.start, ctx.end)
    return {
        "active": Q(status=PatientStatus.ACTIVE),
        "new": _with_referral(received_on__range=ctx.period),
        "closed": _with_referral(
            status=ReferralStatus.CLOSED,
            status_changed_at__gte=first,
            status_changed_at__lt=after,
        ),
        "awaiting": patients_awaiting_first_contact(),
        "year": _with_referral(received_on__range=year),
    }


def _caseload(key: str) -> Callable[[ReportContext], QuerySet[Patient]]:
    def records(ctx: ReportContext) -> QuerySet[Patient]:
        return patients(ctx).filter(patient_conditions(ctx)[key])

    records.__name__ = f"caseload_{key}"
    return records


caseload_active = _caseload("active")
caseload_new = _caseload("new")
caseload_closed = _caseload("closed")
caseload_awaiting = _caseload("awaiting")
caseload_year = _caseload("year")


def overdue_condition(ctx: ReportContext) -> Q:
    """A deadline still open after its due date, today."""
    return Q(status=DeadlineStatus.OPEN, due__lt=ctx.today)


def overdue_deadlines(ctx: ReportContext) -> QuerySet[Deadline]:
    """Appeal deadlines still open after their due date, today."""
    return deadlines(ctx).filter(overdue_condition(ctx))


def open_appeals(ctx: ReportContext) -> QuerySet[AppealCase]:
    return cases(ctx).exclude(stage__in=[stage.value for stage in ENDED])


# Referral figures (referrals received in the period, by the patient's practice)


def _with_transition(status: str) -> Q:
    """Referrals that moved to ``status`` at some point: an uncorrelated ``IN``, which
    PostgreSQL reads once from the ``transition_status_referral`` index and hashes, where a
    correlated ``EXISTS`` probed the transitions of every referral in the period."""
    return Q(
        pk__in=ReferralTransition.objects.filter(to_status=status).values("referral_id"),
    )


def referrals_received(ctx: ReportContext) -> QuerySet[Referral]:
    return referrals(ctx).filter(received_on__range=ctx.period)


def accepted_condition() -> Q:
    """A referral that was accepted at some point (whatever happened to it afterwards)."""
    return _with_transition(ReferralStatus.ACCEPTED)


def declined_condition() -> Q:
    return _with_transition(ReferralStatus.DECLINED)


def referrals_accepted(ctx: ReportContext) -> QuerySet[Referral]:
    """Received in the period and accepted (whatever happened to them afterwards)."""
    return referrals_received(ctx).filter(accepted_condition())


def referrals_declined(ctx: ReportContext) -> QuerySet[Referral]:
    return referrals_received(ctx).filter(declined_condition())


def referrals_undecided(ctx: ReportContext) -> QuerySet[Referral]:
    return referrals_received(ctx).exclude(accepted_condition() | declined_condition())


def first_contact_made(ctx: ReportContext) -> QuerySet[Referral]:
    """Received in the period and contacted: the referrals behind the days-to-first-contact
    figures."""
    return referrals_received(ctx).filter(first_contact_at__isnull=False)


def first_contact_overdue(ctx: ReportContext) -> QuerySet[Referral]:
    """Referrals still waiting for a first contact after the due date, today."""
    return referrals(ctx).first_contact_overdue(ctx.today)


# Appeal figures


def appeals_outcomes(ctx: ReportContext) -> QuerySet[AppealCase]:
    """Cases with an outcome dated in the period (the decision notice, or the closing date when
    the appeal lapsed without one)."""
    return (
        cases(ctx)
        .exclude(outcome="")
        .annotate(outcome_on=Coalesce("outcome_date", "closed_date"))
        .filter(outcome_on__range=ctx.period)
    )


def appeals_successful(ctx: ReportContext) -> QuerySet[AppealCase]:
    return appeals_outcomes(ctx).filter(outcome__in=[o.value for o in SUCCESSFUL_OUTCOMES])


def tribunal_won(ctx: ReportContext) -> QuerySet[AppealCase]:
    """Tribunal decisions in the period in the appellant's favour, fully or partly."""
    return appeals_outcomes(ctx).filter(outcome__in=[Outcome.IN_FAVOUR, Outcome.PARTLY_IN_FAVOUR])


def decision_to_outcome(ctx: ReportContext) -> QuerySet[AppealCase]:
    return appeals_outcomes(ctx).filter(decision_date__isnull=False)


def motability_kept(ctx: ReportContext) -> QuerySet[AppealCase]:
    """Successful appeals of Motability customers that ended with the enhanced mobility rate."""
    return appeals_successful(ctx).filter(
        motability_customer=True, mobility_after_appeal=ComponentAward.ENHANCED
    )


def mr_decided(ctx: ReportContext) -> QuerySet[AppealCase]:
    return cases(ctx).exclude(mr_result="").filter(mr_notice_date__range=ctx.period)


def due_condition(ctx: ReportContext) -> Q:
    """A deadline due in the period."""
    return Q(due__range=ctx.period)


def deadlines_due(ctx: ReportContext) -> QuerySet[Deadline]:
    return deadlines(ctx).filter(due_condition(ctx))


# Outcomes


def ons4(timepoint: str) -> QuerySet[OutcomeMeasure]:
    return OutcomeMeasure.objects.filter(kind=MeasureKind.ONS4, timepoint=timepoint)


def latest_follow_up(ctx: ReportContext, patient: OuterRef | None = None) -> QuerySet:
    """The patient's latest ONS4 follow-up on or before the period's end, correlated with
    ``patient`` (the outer query's ``pk`` unless given)."""
    return (
        ons4(Timepoint.FOLLOW_UP)
        .filter(patient=patient or OuterRef("pk"), taken_on__lte=ctx.end)
        .order_by("-taken_on", "-created_at")
    )


def ons4_pairs(ctx: ReportContext) -> QuerySet[Patient]:
    """Patients with an ONS4 baseline whose latest follow-up (on or before the period's end)
    was taken in the period: that is, with a baseline and any follow-up in the period, since
    the latest one is then in the period too. Two uncorrelated ``IN`` lists, read once each."""
    return (
        patients(ctx)
        .filter(
            pk__in=ons4(Timepoint.BASELINE).values("patient_id"),
        )
        .filter(
            pk__in=ons4(Timepoint.FOLLOW_UP)
            .filter(taken_on__range=ctx.period)
            .values("patient_id"),
        )
    )


# Needs and support


def needs(ctx: ReportContext) -> QuerySet[Need]:
    return Need.objects.filter(patient_q(ctx, "patient__"), identified_on__range=ctx.period)


def support(ctx: ReportContext) -> QuerySet[SupportOffer]:
    return SupportOffer.objects.filter(patient_q(ctx, "patient__"), offered_on__range=ctx.period)


# The registry


Group = Callable[[QuerySet, str], QuerySet]


def _field(lookup: str) -> Group:
    return lambda queryset, value: queryset.filter(**{lookup: value})


def _worker(lookup: str) -> Group:
    def narrow(queryset: QuerySet, value: str) -> QuerySet:
        if value == NO_WORKER:
            return queryset.filter(**{f"{lookup}__isnull": True})
        return queryset.filter(**{lookup: uuid.UUID(value)})

    return narrow


def _practice(lookup: str) -> Group:
    return lambda queryset, value: queryset.filter(**{lookup: uuid.UUID(value)})


def _month(queryset: QuerySet, value: str) -> QuerySet:
    year, month = (int(part) for part in value.split("-"))
    return queryset.filter(received_on__year=year, received_on__month=month)


def mr_changed_condition() -> Q:
    """A mandatory reconsideration that changed the decision, in part or in full."""
    return Q(mr_result__in=[MRResult.CHANGED_IN_PART, MRResult.CHANGED_IN_FULL])


def _mr_result(queryset: QuerySet, value: str) -> QuerySet:
    if value == "changed":
        return queryset.filter(mr_changed_condition())
    if value == "unchanged":
        return queryset.filter(mr_result=MRResult.UNCHANGED)
    raise ValueError(value)


def _deadline_status(queryset: QuerySet, value: str) -> QuerySet:
    if value not in DeadlineStatus.values:
        raise ValueError(value)
    return queryset.filter(status=value)


PATIENT_WORKER = {"worker": _worker("holder_id")}


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    title: str
    lists: str
    records: Callable[[ReportContext], QuerySet]
    groups: dict[str, Group] = field(default_factory=dict)

    def queryset(self, ctx: ReportContext, group: str = "") -> QuerySet:
        """The records behind the figure, narrowed to ``group``; ``ValueError`` for a group
        this figure does not have."""
        queryset = self.records(ctx)
        if group:
            name, _, value = group.partition(":")
            if name not in self.groups or not value:
                raise ValueError(group)
            queryset = self.groups[name](queryset, value)
        return queryset


FIGURES: dict[str, Figure] = {
    figure.key: figure
    for figure in (
        Figure("active", CASELOAD, "Active patients", PATIENT, caseload_active, PATIENT_WORKER),
        Figure("new", CASELOAD, "New this period", PATIENT, caseload_new, PATIENT_WORKER),
        Figure("closed", CASELOAD, "Closed this period", PATIENT, caseload_closed, PATIENT_WORKER),
        Figure(
            "awaiting",
            CASELOAD,
            "Awaiting first contact",
            PATIENT,
            caseload_awaiting,
            PATIENT_WORKER,
        ),
        Figure("year", CASELOAD, "People in the last year", PATIENT, caseload_year, PATIENT_WORKER),
        Figure(
            "overdue_deadlines",
            CASELOAD,
            "Overdue appeal deadlines",
            DEADLINE,
            overdue_deadlines,
            {"worker": _worker("case__holder_id")},
        ),
        Figure(
            "open_appeals",
            CASELOAD,
            "Open appeal cases",
            CASE,
            open_appeals,
            {"worker": _worker("holder_id"), "stage": _field("stage")},
        ),
        Figure(
            "referrals_received",
            REFERRALS,
            "Referrals received",
            REFERRAL,
            referrals_received,
            {
                "month": _month,
                "source": _field("source"),
                "practice": _practice("patient__practice_id"),
            },
        ),
        Figure("referrals_accepted", REFERRALS, "Referrals accepted", REFERRAL, referrals_accepted),
        Figure(
            "referrals_declined",
            REFERRALS,
            "Referrals declined",
            REFERRAL,
            referrals_declined,
            {"reason": _field("decline_reason")},
        ),
        Figure(
            "referrals_undecided",
            REFERRALS,
            "Referrals not yet accepted or declined",
            REFERRAL,
            referrals_undecided,
        ),
        Figure(
            "first_contact_made",
            REFERRALS,
            "Referrals contacted",
            REFERRAL,
            first_contact_made,
        ),
        Figure(
            "first_contact_overdue",
            REFERRALS,
            "Overdue first contacts",
            REFERRAL,
            first_contact_overdue,
        ),
        Figure(
            "appeals_outcomes",
            APPEALS,
            "Appeal outcomes",
            CASE,
            appeals_outcomes,
            {"outcome": _field("outcome")},
        ),
        Figure(
            "appeals_successful",
            APPEALS,
            "Successful appeals",
            CASE,
            appeals_successful,
            {"worker": _worker("holder_id"), "practice": _practice("patient__practice_id")},
        ),
        Figure("tribunal_won", APPEALS, "Tribunal appeals won", CASE, tribunal_won),
        Figure(
            "decision_to_outcome",
            APPEALS,
            "Appeals with a decision date and an outcome",
            CASE,
            decision_to_outcome,
        ),
        Figure("motability_kept", APPEALS, "Motability cars kept", CASE, motability_kept),
        Figure(
            "mr_decided",
            APPEALS,
            "Mandatory reconsiderations decided",
            CASE,
            mr_decided,
            {"result": _mr_result},
        ),
        Figure(
            "deadlines_due",
            APPEALS,
            "Appeal deadlines due",
            DEADLINE,
            deadlines_due,
            {"status": _deadline_status},
        ),
        Figure(
            "open_by_stage",
            APPEALS,
            "Open appeal cases",
            CASE,
            open_appeals,
            {"stage": _field("stage")},
        ),
        Figure(
            "ons4_pairs",
            OUTCOMES,
            "Patients with an ONS4 baseline and follow-up",
            PATIENT,
            ons4_pairs,
        ),
        Figure(
            "needs",
            NEEDS,
            "Needs identified",
            NEED,
            needs,
            {"category": _field("category")},
        ),
        Figure(
            "support",
            NEEDS,
            "Support offered",
            SUPPORT,
            support,
            {"kind": _field("kind"), "outcome": _field("outcome")},
        ),
    )
}
