"""The report's sections, counted in the database from the figures' querysets.

Each section is a fixed number of queries whatever the amount of data: counts are aggregates,
per-link-worker figures are counts grouped by holder in one pass, percentiles are
``percentile_cont`` on PostgreSQL (or a count and a positioned read elsewhere). Nothing loads
records into Python: only the aggregated rows (one per link worker, month, source ...) come
back.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth

from appeals.models import DeadlineStatus, Outcome, Stage
from appeals.stages import ENDED
from linkwork.accounts.models import Practice, User
from linkwork.reports import concurrency, figures, periods
from linkwork.reports.figures import NO_WORKER, ReportContext
from linkwork.reports.scope import APPEALS, CASELOAD, NEEDS, OUTCOMES, REFERRALS
from linkwork.reports.sql import DaysBetween, percentiles
from patients.models import (
    MEASURE_ITEMS,
    MeasureKind,
    NeedCategory,
    SupportKind,
    SupportOutcome,
    Timepoint,
)
from patients.selectors import link_workers_in, practices_in
from referrals.models import DeclineReason, ReferralSource

T = TypeVar("T")
MEDIAN_AND_P90 = (0.5, 0.9)
PENNY = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO_MONEY = Value(Decimal("0.00"), output_field=MONEY)


@dataclass
class Cell:
    """One value of a table; ``figure`` and ``group`` name the records behind it."""

    value: object
    figure: str = ""
    group: str = ""
    url: str = ""
    warning: str = ""


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    empty_text: str = "Nothing to count in this period."
    chart: str = ""  # "bar", "doughnut" or "" (no chart)
    chart_columns: tuple[int, ...] = (1,)
    csv_url: str = ""

    @property
    def is_empty(self) -> bool:
        """True when every number in the table is zero or blank."""
        return not any(
            isinstance(cell.value, (int, float, Decimal)) and cell.value
            for row in self.rows
            for cell in row[1:]
        )

    def chart_json(self) -> str:
        """The chart's data for ``static/js/reports.js`` (labels and one series per column)."""
        labels = [str(row[0].value) for row in self.rows]
        datasets = [
            {
                "label": self.columns[index],
                "data": [_number(row[index].value) for row in self.rows],
            }
            for index in self.chart_columns
        ]
        return json.dumps({"type": self.chart, "labels": labels, "datasets": datasets})


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    intro: str = ""


def _number(value: object) -> float:
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    return 0.0


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else None


def _days(value: float | None) -> object:
    return round(value, 1) if value is not None else None


def _add(counts: dict, key: object, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def workers(ctx: ReportContext, holding: Iterable[uuid.UUID | None] = ()) -> QuerySet[User]:
    """The link workers a caseload table lists: the service's active link workers, and the
    users in ``holding`` (who hold patients or appeal cases the report counts) even when they
    have been deactivated since."""
    queryset = link_workers_in(ctx.service, holding=holding)
    if ctx.worker is not None:
        queryset = queryset.filter(pk=ctx.worker)
    return queryset


def may_narrow_to_worker(ctx: ReportContext, value: str) -> bool:
    """Whether the records of a report may be narrowed to the user whose id is ``value``: the
    scope's own link worker when it has one; otherwise any user of the scope's service (of
    every service for administrators), or one who holds patients or appeal cases the report
    covers, so that every row of a table, a deactivated link worker's too, leads to its
    records (one query)."""
    try:
        pk = uuid.UUID(value)
    except ValueError:
        return False
    scope = ctx.scope
    if scope.worker_id is not None or not scope.may_filter_worker:
        return pk == scope.worker_id
    users = User.objects.filter(pk=pk)
    if scope.service_id is not None:
        users = users.filter(
            Q(service_id=scope.service_id)
            | Exists(figures.patients(ctx).filter(holder_id=OuterRef("pk")))
            | Exists(figures.cases(ctx).filter(holder_id=OuterRef("pk")))
        )
    return users.exists()


def worker_label(name: str, is_active: bool) -> str:
    """A link worker's name in a table, marked when their account has been deactivated."""
    return name if is_active else f"{name} (deactivated)"


def practices(ctx: ReportContext) -> QuerySet[Practice]:
    """The practices a report covers (every one, with zeros, so none goes missing)."""
    queryset = practices_in(ctx.service).only("pk", "name")
    if ctx.practice is not None:
        queryset = queryset.filter(pk=ctx.practice)
    return queryset


# Caseload

PATIENT_FIGURES = ("active", "new", "closed", "awaiting", "year")
CASELOAD_COLUMNS = [
    "Link worker",
    "Active",
    "New this period",
    "Closed this period",
    "Awaiting first contact",
    "Overdue deadlines",
    "Open appeal cases",
    "People in the last year",
    "Annual capacity",
]


def per_report(count: Callable[[ReportContext], T]) -> Callable[[ReportContext], T]:
    """Make ``count`` run once per report: the caseload and appeals sections share grouped
    counts, and whichever section is built first counts for both."""

    @functools.wraps(count)
    def once(ctx: ReportContext) -> T:
        with ctx.counting:
            if count.__name__ not in ctx.counted:
                ctx.counted[count.__name__] = count(ctx)
            return ctx.counted[count.__name__]

    return once


DEADLINE_STATUSES = (
    (DeadlineStatus.MET, "Met"),
    (DeadlineStatus.MISSED, "Missed"),
    (DeadlineStatus.OPEN, "Still open"),
    (DeadlineStatus.WAIVED, "Waived"),
)


@per_report
def deadline_counts(ctx: ReportContext) -> dict[object, dict[str, int]]:
    """Per case holder: the ``overdue_deadlines`` today, and the ``deadlines_due`` in the
    period by status, in one pass over the deadlines that are either."""
    overdue, due = figures.overdue_condition(ctx), figures.due_condition(ctx)
    rows = (
        figures.deadlines(ctx)
        .filter(overdue | due)
        .order_by()
        .values("case__holder")
        .annotate(
            overdue=Count("pk", filter=overdue),
            **{
                status: Count("pk", filter=due & Q(status=status))
                for status, _label in DEADLINE_STATUSES
            },
        )
    )
    return {row.pop("case__holder"): row for row in rows}


@per_report
def open_appeal_counts(ctx: ReportContext) -> dict[tuple[object, str], int]:
    """The ``open_appeals`` per (holder, stage): the caseload adds them up per holder, the
    appeals section per stage."""
    rows = figures.open_appeals(ctx).order_by().values("holder", "stage").annotate(n=Count("pk"))
    return {(row["holder"], row["stage"]): row["n"] for row in rows}


def caseload_counts(ctx: ReportContext) -> dict:
    """Per holder (a link worker's id, or None for nobody): the patient figures in one grouped
    pass over the covered patients, and overdue deadlines and open appeal cases from the
    counts the appeals section shares."""
    conditions = figures.patient_conditions(ctx)
    patients = {
        row.pop("holder"): row
        for row in figures.patients(ctx)
        .order_by()
        .values("holder")
        .annotate(**{key: Count("pk", filter=conditions[key]) for key in PATIENT_FIGURES})
    }
    overdue = {holder: row["overdue"] for holder, row in deadline_counts(ctx).items()}
    appeals: dict[object, int] = {}
    for (holder, _stage), n in open_appeal_counts(ctx).items():
        _add(appeals, holder, n)
    return {"patients": patients, "overdue_deadlines": overdue, "open_appeals": appeals}


def caseload_section(ctx: ReportContext) -> Section:
    """One row per link worker, and one for patients nobody holds (four queries)."""
    counts = caseload_counts(ctx)
    nothing = dict.fromkeys(PATIENT_FIGURES, 0)
    holding = {*counts["patients"], *counts["overdue_deadlines"], *counts["open_appeals"]}
    rows = []
    for worker in workers(ctx, holding).select_related("service"):
        group = f"worker:{worker.pk}"
        mine = counts["patients"].get(worker.pk, nothing)
        capacity = worker.service.annual_capacity if worker.service else None
        row = [
            Cell(worker_label(str(worker), worker.is_active)),
            *(Cell(mine[key], key, group) for key in ("active", "new", "closed", "awaiting")),
            Cell(counts["overdue_deadlines"].get(worker.pk, 0), "overdue_deadlines", group),
            Cell(counts["open_appeals"].get(worker.pk, 0), "open_appeals", group),
            Cell(mine["year"], "year", group),
            Cell(capacity),
        ]
        if capacity is not None and mine["year"] > capacity:
            row[
                -2
            ].warning = f"Over capacity: {mine['year']} people in the last year against {capacity}."
        rows.append(row)
    unassigned = counts["patients"].get(None)
    if ctx.worker is None and unassigned and any(unassigned.values()):
        group = f"worker:{NO_WORKER}"
        rows.append(
            [
                Cell("Not assigned to a link worker"),
                *(Cell(unassigned[k], k, group) for k in ("active", "new", "closed", "awaiting")),
                Cell(None),
                Cell(None),
                Cell(unassigned["year"], "year", group),
                Cell(None),
            ]
        )
    table = Table(
        "caseload",
        "Caseload by link worker",
        CASELOAD_COLUMNS,
        rows,
        note="Active, awaiting first contact, overdue deadlines and open appeal cases are as "
        "of today; new and closed count patients with a referral received or closed in the "
        "period. People in the last year counts patients with a referral received in the 365 "
        "days up to the end of the period, against the service's annual capacity.",
        empty_text="No link workers in this service yet.",
        chart="bar",
        chart_columns=(1, 2, 3),
    )
    return Section(CASELOAD, "Caseload", [table])


# Referrals


@dataclass
class ReferralCounts:
    """The referrals received in a period, counted by month, source, practice, decision and
    decline reason."""

    by_month: dict[date, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_practice: dict[object, int] = field(default_factory=dict)
    by_reason: dict[str, int] = field(default_factory=dict)
    total: int = 0
    accepted: int = 0
    declined: int = 0


def referral_counts(ctx: ReportContext) -> ReferralCounts:
    """Every count of the referrals received in the period from one grouped pass over them:
    one row per month, source, practice and decline reason that has referrals (a few hundred at
    most), added up here. Accepted and declined are the ``referrals_accepted`` and
    ``referrals_declined`` figures' conditions, counted in the same pass."""
    rows = (
        figures.referrals_received(ctx)
        .annotate(month=TruncMonth("received_on"))
        .order_by()
        .values("month", "source", "patient__practice", "decline_reason")
        .annotate(
            n=Count("pk"),
            accepted=Count("pk", filter=figures.accepted_condition()),
            declined=Count("pk", filter=figures.declined_condition()),
        )
    )
    counts = ReferralCounts()
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        _add(counts.by_month, month, row["n"])
        _add(counts.by_source, row["source"], row["n"])
        _add(counts.by_practice, row["patient__practice"], row["n"])
        if row["declined"]:
            _add(counts.by_reason, row["decline_reason"], row["declined"])
        counts.total += row["n"]
        counts.accepted += row["accepted"]
        counts.declined += row["declined"]
    return counts


def first_contact_days(ctx: ReportContext) -> tuple[int, list[float | None]]:
    """The number of referrals received in the period and contacted, and the median and 90th
    percentile of the calendar days from receiving each to its first contact. Contacted is
    tested on the column itself, so the days are worked out only for those referrals."""
    days = DaysBetween(TruncDate("first_contact_at"), "received_on")
    return percentiles(figures.first_contact_made(ctx), days, MEDIAN_AND_P90)


def referrals_section(ctx: ReportContext) -> Section:
    counts = referral_counts(ctx)
    month_rows = [
        [
            Cell(f"{month:%B %Y}"),
            Cell(counts.by_month.get(month, 0), "referrals_received", f"month:{month:%Y-%m}"),
        ]
        for month in periods.months_between(ctx.start, ctx.end)
    ]
    source_rows = [
        [Cell(label), Cell(counts.by_source.get(value, 0), "referrals_received", f"source:{value}")]
        for value, label in ReferralSource.choices
    ]
    practice_rows = [
        [
            Cell(practice.name),
            Cell(
                counts.by_practice.get(practice.pk, 0),
                "referrals_received",
                f"practice:{practice.pk}",
            ),
        ]
        for practice in practices(ctx)
    ]
    total = counts.total
    undecided = total - counts.accepted - counts.declined
    decision_rows = [
        [Cell("Received"), Cell(total, "referrals_received"), Cell("100%" if total else None)],
        [
            Cell("Accepted"),
            Cell(counts.accepted, "referrals_accepted"),
            Cell(_percent(counts.accepted, total)),
        ],
        [
            Cell("Declined"),
            Cell(counts.declined, "referrals_declined"),
            Cell(_percent(counts.declined, total)),
        ],
        [
            Cell("Not yet accepted or declined"),
            Cell(undecided, "referrals_undecided"),
            Cell(_percent(undecided, total)),
        ],
    ]
    reason_rows = [
        [
            Cell(label),
            Cell(counts.by_reason.get(value, 0), "referrals_declined", f"reason:{value}"),
            Cell(_percent(counts.by_reason.get(value, 0), counts.declined)),
        ]
        for value, label in DeclineReason.choices
    ]
    contacted, (median, p90) = first_contact_days(ctx)
    overdue = figures.first_contact_overdue(ctx).count()
    contact_rows = [
        [Cell("Referrals contacted"), Cell(contacted, "first_contact_made")],
        [Cell("Median days to first contact"), Cell(_days(median), "first_contact_made")],
        [Cell("90th percentile days to first contact"), Cell(_days(p90), "first_contact_made")],
        [Cell("Overdue first contacts today"), Cell(overdue, "first_contact_overdue")],
    ]
    tables = [
        Table(
            "referrals_by_month",
            "Referrals received per month",
            ["Month", "Referrals"],
            month_rows,
            chart="bar",
        ),
        Table(
            "referrals_by_source",
            "Referrals by source",
            ["Source", "Referrals"],
            source_rows,
            chart="doughnut",
        ),
        Table(
            "referrals_by_practice",
            "Referrals by the patient's practice",
            ["Practice", "Referrals"],
            practice_rows,
            empty_text="No practices in this service yet.",
            chart="bar",
        ),
        Table(
            "referral_decisions",
            "Accepted and declined",
            ["Referrals received in the period", "Number", "Share"],
            decision_rows,
            note="Of the referrals received in the period: accepted or declined at any time "
            "since, whatever happened afterwards.",
        ),
        Table(
            "decline_reasons",
            "Why referrals were declined",
            ["Reason", "Referrals", "Share of declined"],
            reason_rows,
        ),
        Table(
            "first_contact",
            "Time to first contact",
            ["Figure", "Value"],
            contact_rows,
            note="Calendar days from receiving the referral to the first contact in which the "
            "patient was reached, for referrals received in the period. Overdue counts "
            "referrals waiting past their first-contact date today.",
        ),
    ]
    return Section(REFERRALS, "Referrals", tables)


# Appeals


def appeals_section(ctx: ReportContext) -> Section:
    open_cases: dict[str, int] = {}
    for (_holder, stage), n in open_appeal_counts(ctx).items():
        _add(open_cases, stage, n)
    stage_rows = [
        [Cell(label), Cell(open_cases.get(value, 0), "open_by_stage", f"stage:{value}")]
        for value, label in Stage.choices
        if Stage(value) not in ENDED
    ]
    outcomes = dict(
        figures.appeals_outcomes(ctx)
        .order_by()
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    decided = sum(outcomes.values())
    outcome_rows = [
        [
            Cell(label),
            Cell(outcomes.get(value, 0), "appeals_outcomes", f"outcome:{value}"),
            Cell(_percent(outcomes.get(value, 0), decided)),
        ]
        for value, label in Outcome.choices
    ]
    mr = figures.mr_decided(ctx).aggregate(
        total=Count("pk"),
        changed=Count("pk", filter=figures.mr_changed_condition()),
    )
    tribunal_decided = decided - outcomes.get(Outcome.REVISED_BY_DWP, 0)
    tribunal_won = outcomes.get(Outcome.IN_FAVOUR, 0) + outcomes.get(Outcome.PARTLY_IN_FAVOUR, 0)
    _n, (median,) = percentiles(
        figures.decision_to_outcome(ctx), DaysBetween("outcome_on", "decision_date"), (0.5,)
    )
    kept = figures.motability_kept(ctx).count()
    due: dict[str, int] = {}
    for row in deadline_counts(ctx).values():
        for status, _label in DEADLINE_STATUSES:
            _add(due, status, row[status])
    summary_rows = [
        [
            Cell("MR decided in the period"),
            Cell(mr["total"], "mr_decided"),
            Cell(None),
        ],
        [
            Cell("MR success (decision changed)"),
            Cell(mr["changed"], "mr_decided", "result:changed"),
            Cell(_percent(mr["changed"], mr["total"])),
        ],
        [
            Cell("Tribunal success (in favour or partly)"),
            Cell(tribunal_won, "tribunal_won"),
            Cell(_percent(tribunal_won, tribunal_decided)),
        ],
        [
            Cell("Lapsed: DWP revised its decision"),
            Cell(
                outcomes.get(Outcome.REVISED_BY_DWP, 0),
                "appeals_outcomes",
                "outcome:revised_by_dwp",
            ),
            Cell(_percent(outcomes.get(Outcome.REVISED_BY_DWP, 0), decided)),
        ],
        [
            Cell("Median days from decision to outcome"),
            Cell(_days(median), "decision_to_outcome"),
            Cell(None),
        ],
        [Cell("Motability cars kept"), Cell(kept, "motability_kept"), Cell(None)],
    ]
    deadline_rows = [
        [Cell(label), Cell(due.get(status, 0), "deadlines_due", f"status:{status}")]
        for status, label in DEADLINE_STATUSES
    ]
    income_values = {
        "cases": Count("pk"),
        "annual": Coalesce(Sum("annual_gain"), ZERO_MONEY),
        "arrears": Coalesce(Sum("arrears"), ZERO_MONEY),
    }
    successful = figures.appeals_successful(ctx).order_by()
    by_worker = successful.values(
        "holder",
        "holder__first_name",
        "holder__last_name",
        "holder__username",
        "holder__is_active",
    ).annotate(**income_values)
    worker_rows = [
        _income_row(
            worker_label(
                " ".join(filter(None, [row["holder__first_name"], row["holder__last_name"]]))
                or row["holder__username"],
                row["holder__is_active"],
            ),
            row,
            f"worker:{row['holder']}",
        )
        for row in sorted(by_worker, key=lambda r: (r["holder__last_name"], r["holder__username"]))
    ]
    by_practice = successful.values("patient__practice", "patient__practice__name").annotate(
        **income_values
    )
    practice_rows = [
        _income_row(row["patient__practice__name"], row, f"practice:{row['patient__practice']}")
        for row in sorted(by_practice, key=lambda r: r["patient__practice__name"])
    ]
    income_columns = [
        "Cases won",
        "Annualised award gained (£)",
        "Backdated arrears (£)",
        "Total (£)",
    ]
    income_note = (
        "Successful appeals with an outcome in the period: the yearly value of the award gained "
        "and the arrears backdated to the original decision, from the dated benefit rates."
    )
    tables = [
        Table(
            "appeals_by_stage",
            "Open appeal cases by stage",
            ["Stage", "Cases"],
            stage_rows,
            note="As of today.",
            empty_text="No open appeal cases.",
            chart="bar",
        ),
        Table(
            "appeal_outcomes",
            "Outcomes in the period",
            ["Outcome", "Cases", "Share"],
            outcome_rows,
            chart="doughnut",
        ),
        Table(
            "appeal_summary",
            "Success, time and Motability",
            ["Figure", "Number", "Rate"],
            summary_rows,
            note="MR success is of the reconsiderations decided in the period; tribunal success "
            "is of the tribunal decisions in the period (lapsed appeals excluded).",
        ),
        Table(
            "deadlines",
            "Appeal deadlines due in the period",
            ["Status", "Deadlines"],
            deadline_rows,
            chart="doughnut",
        ),
        Table(
            "income_by_worker",
            "Income gained for patients, by link worker",
            ["Link worker", *income_columns],
            worker_rows,
            note=income_note,
            empty_text="No successful appeals in this period.",
        ),
        Table(
            "income_by_practice",
            "Income gained for patients, by practice",
            ["Practice", *income_columns],
            practice_rows,
            note=income_note,
            empty_text="No successful appeals in this period.",
        ),
    ]
    return Section(APPEALS, "Appeals", tables)


def _pounds(value: Decimal | float | None) -> Decimal:
    """A sum of money to the penny (SQLite returns sums of decimals unscaled)."""
    return Decimal(str(value or 0)).quantize(PENNY, rounding=ROUND_HALF_UP)


def _income_row(label: str, row: dict, group: str) -> list[Cell]:
    annual, arrears = _pounds(row["annual"]), _pounds(row["arrears"])
    return [
        Cell(label),
        Cell(row["cases"], "appeals_successful", group),
        Cell(annual),
        Cell(arrears),
        Cell(annual + arrears),
    ]


# Outcomes


def outcomes_section(ctx: ReportContext) -> Section:
    """ONS4: mean baseline, mean latest follow-up and mean change per question (one query).
    It reads the pairs' baselines (one per patient and measure: a unique constraint) with the
    scores of each one's latest follow-up beside them."""
    items = MEASURE_ITEMS[MeasureKind.ONS4]
    latest = figures.latest_follow_up(ctx, patient=OuterRef("patient_id")).values("scores")[:1]
    pairs = (
        figures.ons4(Timepoint.BASELINE)
        .filter(patient__in=figures.ons4_pairs(ctx))
        .annotate(latest=Subquery(latest, output_field=JSONField()))
        # Rows are distinct anyway (one per baseline); DISTINCT keeps PostgreSQL from pulling
        # the inner query up and running the follow-up subquery once per average.
        .distinct()
    )
    aggregates = {"n": Count("pk")}
    for item in items:
        before = Cast(KT(f"scores__{item.key}"), IntegerField())
        after = Cast(KT(f"latest__{item.key}"), IntegerField())
        aggregates[f"mb_{item.key}"] = Avg(before)
        aggregates[f"ml_{item.key}"] = Avg(after)
        aggregates[f"mc_{item.key}"] = Avg(after - before)
    result = pairs.aggregate(**aggregates)
    n = result["n"]
    rows = [
        [
            Cell(item.question),
            Cell(n, "ons4_pairs"),
            Cell(_mean(result[f"mb_{item.key}"])),
            Cell(_mean(result[f"ml_{item.key}"])),
            Cell(_mean(result[f"mc_{item.key}"])),
            Cell("lower" if not item.higher_is_better else "higher"),
        ]
        for item in items
    ]
    table = Table(
        "ons4",
        "ONS4 personal wellbeing: change from baseline to latest follow-up",
        ["Question", "Patients", "Mean baseline", "Mean follow-up", "Mean change", "Better is"],
        rows,
        note="Patients with a baseline whose latest follow-up (on or before the end of the "
        "period) was taken in the period. Scores are 0 to 10; for anxiety a fall is an "
        "improvement.",
        empty_text="No patient has both a baseline and a follow-up in this period.",
        chart="bar",
        chart_columns=(4,),
    )
    return Section(OUTCOMES, "Outcomes", [table])


def _mean(value: float | Decimal | None) -> object:
    return round(float(value), 2) if value is not None else None


# Needs and support


def needs_section(ctx: ReportContext) -> Section:
    by_category = {
        row["category"]: row
        for row in figures.needs(ctx)
        .order_by()
        .values("category")
        .annotate(n=Count("pk"), patients=Count("patient", distinct=True))
    }
    labels = dict(NeedCategory.choices)
    need_rows = [
        [
            Cell(labels.get(category, category)),
            Cell(row["n"], "needs", f"category:{category}"),
            Cell(row["patients"]),
        ]
        for category, row in sorted(by_category.items(), key=lambda kv: (-kv[1]["n"], kv[0]))
    ]
    by_kind: dict[str, int] = {}
    by_outcome: dict[str, int] = {}
    for row in figures.support(ctx).order_by().values("kind", "outcome").annotate(n=Count("pk")):
        _add(by_kind, row["kind"], row["n"])
        _add(by_outcome, row["outcome"], row["n"])
    kind_rows = [
        [Cell(label), Cell(by_kind.get(value, 0), "support", f"kind:{value}")]
        for value, label in SupportKind.choices
    ]
    outcome_rows = [
        [Cell(label), Cell(by_outcome.get(value, 0), "support", f"outcome:{value}")]
        for value, label in SupportOutcome.choices
    ]
    tables = [
        Table(
            "needs",
            "Most common needs",
            ["Need", "Times identified", "Patients"],
            need_rows,
            note="Needs and concerns identified in the period, most common first.",
            empty_text="No needs were identified in this period.",
            chart="bar",
        ),
        Table(
            "support_by_kind",
            "Support offered by type",
            ["Type", "Offers"],
            kind_rows,
            chart="doughnut",
        ),
        Table(
            "support_by_outcome",
            "How the support offered went",
            ["Outcome", "Offers"],
            outcome_rows,
        ),
    ]
    return Section(NEEDS, "Needs and support", tables)


BUILDERS = {
    CASELOAD: caseload_section,
    REFERRALS: referrals_section,
    APPEALS: appeals_section,
    OUTCOMES: outcomes_section,
    NEEDS: needs_section,
}
ORDER = (CASELOAD, REFERRALS, APPEALS, OUTCOMES, NEEDS)


def report_sections(ctx: ReportContext, only: str = "") -> list[Section]:
    """The sections the scope shows, in order (or just ``only``), counted at the same time on
    PostgreSQL (``concurrency.run_all``)."""
    keys = [key for key in ORDER if ctx.scope.shows(key) and (not only or key == only)]
    return concurrency.run_all([functools.partial(BUILDERS[key], ctx) for key in keys])


def table_section(table_key: str) -> str | None:
    """The section a table belongs to, without counting anything."""
    return TABLE_SECTIONS.get(table_key)


TABLE_SECTIONS = {
    "caseload": CASELOAD,
    **dict.fromkeys(
        (
            "referrals_by_month",
            "referrals_by_source",
            "referrals_by_practice",
            "referral_decisions",
            "decline_reasons",
            "first_contact",
        ),
        REFERRALS,
    ),
    **dict.fromkeys(
        (
            "appeals_by_stage",
            "appeal_outcomes",
            "appeal_summary",
            "deadlines",
            "income_by_worker",
            "income_by_practice",
        ),
        APPEALS,
    ),
    "ons4": OUTCOMES,
    **dict.fromkeys(("needs", "support_by_kind", "support_by_outcome"), NEEDS),
}


def period_label(start: date, end: date) -> str:
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"
