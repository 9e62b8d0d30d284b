"""Reads for the patient pages and the caseload, scoped through the policy and loaded with a
fixed number of queries whatever the size of the data."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from linkwork.accounts.models import Practice, Role, User
from linkwork.accounts.policy import patients_visible_to
from patients.identifiers import nhs_number_is_valid, normalise_postcode, postcode_is_valid
from patients.models import (
    FLAG_FIELDS,
    MEASURE_ITEMS,
    UNSUCCESSFUL_OUTCOMES,
    Consent,
    ConsentScope,
    Contact,
    ContactOutcome,
    OutcomeMeasure,
    Patient,
    PatientStatus,
    Timepoint,
)

# A service's practices and link workers


def practices_in(service_id: uuid.UUID | None) -> QuerySet[Practice]:
    """The practices of a service (of every service when ``service_id`` is None), by name:
    the practice choices of the patient, referral, caseload and report forms, and the rows of
    the report's practice tables."""
    queryset = Practice.objects.order_by("name")
    if service_id is not None:
        queryset = queryset.filter(service_id=service_id)
    return queryset


def link_workers_in(
    service_id: uuid.UUID | None, *, holding: Iterable[uuid.UUID | None] = ()
) -> QuerySet[User]:
    """The active link workers of a service (of every service when ``service_id`` is None),
    by name: the link worker choices of the forms. ``holding`` adds the users with these ids
    whatever their role or state, so that a deactivated link worker who still holds patients
    keeps a row in the report."""
    condition = Q(role=Role.LINK_WORKER, is_active=True)
    if service_id is not None:
        condition &= Q(service_id=service_id)
    holders = [pk for pk in holding if pk is not None]
    if holders:
        condition |= Q(pk__in=holders)
    return User.objects.filter(condition).order_by("last_name", "first_name", "username")


# Consent


@dataclass
class ConsentState:
    """The consent decisions in force: the latest entry for holding data, and the latest entry
    for each named organisation."""

    hold_data: Consent | None = None
    sharing: dict[str, Consent] = field(default_factory=dict)

    @property
    def holds_data(self) -> bool:
        return self.hold_data is not None and self.hold_data.given

    @property
    def share_with(self) -> list[str]:
        """Organisations the patient currently agrees we may share with."""
        return sorted(c.organisation for c in self.sharing.values() if c.given)

    def may_share_with(self, organisation: str = "") -> bool:
        if not self.holds_data:
            return False
        if organisation:
            consent = self.sharing.get(organisation.strip().casefold())
            return consent is not None and consent.given
        return bool(self.share_with)


def consent_state(patient: Patient) -> ConsentState:
    """The consent in force for the patient, from their dated entries (one query)."""
    state = ConsentState()
    entries = Consent.objects.filter(patient=patient).order_by("decided_on", "recorded_at")
    for consent in entries:
        if consent.scope == ConsentScope.HOLD_DATA:
            state.hold_data = consent
        else:
            state.sharing[consent.organisation.casefold()] = consent
    return state


# Outcome measures


@dataclass
class ItemChange:
    question: str
    baseline: int
    latest: int
    higher_is_better: bool

    @property
    def change(self) -> int:
        return self.latest - self.baseline

    @property
    def improved(self) -> bool | None:
        """True when the change is for the better, False for the worse, None for no change."""
        if self.change == 0:
            return None
        return (self.change > 0) == self.higher_is_better


@dataclass
class MeasureRow:
    question: str
    scores: list[int]
    change: ItemChange | None


@dataclass
class MeasureSummary:
    kind_label: str
    measures: list[OutcomeMeasure]
    changes: list[ItemChange]
    rows: list[MeasureRow]

    @property
    def baseline(self) -> OutcomeMeasure | None:
        return next((m for m in self.measures if m.timepoint == Timepoint.BASELINE), None)

    @property
    def latest(self) -> OutcomeMeasure | None:
        return self.measures[-1] if self.measures else None


def measure_summaries(patient: Patient) -> list[MeasureSummary]:
    """Each measure the patient has, its entries oldest first, and the change from baseline to
    the latest follow-up per item (one query)."""
    by_kind: dict[str, list[OutcomeMeasure]] = {}
    for measure in OutcomeMeasure.objects.filter(patient=patient).order_by(
        "taken_on", "created_at"
    ):
        by_kind.setdefault(measure.kind, []).append(measure)
    summaries = []
    for kind, measures in by_kind.items():
        baseline = next((m for m in measures if m.timepoint == Timepoint.BASELINE), None)
        latest = measures[-1]
        changes = []
        if baseline is not None and latest is not baseline:
            changes = [
                ItemChange(
                    item.question,
                    baseline.scores[item.key],
                    latest.scores[item.key],
                    item.higher_is_better,
                )
                for item in MEASURE_ITEMS[kind]
            ]
        rows = [
            MeasureRow(
                item.question,
                [m.scores[item.key] for m in measures],
                changes[index] if changes else None,
            )
            for index, item in enumerate(MEASURE_ITEMS[kind])
        ]
        summaries.append(MeasureSummary(measures[0].get_kind_display(), measures, changes, rows))
    return summaries


# Caseload

SORTS = {
    "name": ("family_name", "given_name"),
    "-name": ("-family_name", "-given_name"),
    "dob": ("date_of_birth", "family_name"),
    # longest without contact first, never contacted before all
    "last_contact": (F("last_contact_at").asc(nulls_first=True), "family_name"),
    "-last_contact": (F("last_contact_at").desc(nulls_last=True), "family_name"),
    "due": ("first_contact_due", "family_name"),
    "-received": ("-latest_referral_on", "family_name"),
}
SORT_LABELS = {
    "name": "Name (A to Z)",
    "-name": "Name (Z to A)",
    "dob": "Date of birth (oldest first)",
    "last_contact": "Longest since last contact",
    "-last_contact": "Most recent contact",
    "due": "First contact due (soonest first)",
    "-received": "Newest referral first",
}


@dataclass
class CaseloadFilters:
    """What the caseload page asks for. ``holder``: ``mine``, ``all``, ``unassigned`` or a
    link worker's id. ``status``: a patient status, ``open`` (active or on hold) or ``any``."""

    q: str = ""
    status: str = "open"
    practice: str = ""
    flag: str = ""
    overdue: bool = False
    awaiting: bool = False
    holder: str = "mine"
    sort: str = "name"


def _referral_subqueries():
    from referrals.models import (
        WAITING_FOR_FIRST_CONTACT,
        Referral,
        patients_awaiting_first_contact,
    )

    waiting = Referral.objects.filter(WAITING_FOR_FIRST_CONTACT, patient=OuterRef("pk"))
    latest = Referral.objects.filter(patient=OuterRef("pk")).order_by("-received_on")
    return {
        "awaiting_first_contact": ExpressionWrapper(
            patients_awaiting_first_contact(), output_field=BooleanField()
        ),
        "overdue": ExpressionWrapper(
            patients_awaiting_first_contact(overdue_on=timezone.localdate()),
            output_field=BooleanField(),
        ),
        "first_contact_due": Subquery(
            waiting.order_by("first_contact_due").values("first_contact_due")[:1]
        ),
        "latest_referral_on": Subquery(latest.values("received_on")[:1]),
    }


def _search(queryset: QuerySet[Patient], q: str) -> QuerySet[Patient]:
    q = q.strip()
    if not q:
        return queryset
    condition = Q()
    compact = q.replace(" ", "").replace("-", "")
    if compact.isdigit():
        if nhs_number_is_valid(compact):
            return queryset.filter(nhs_number=compact)
        condition |= Q(nhs_number__startswith=compact)
    if postcode_is_valid(q):
        condition |= Q(postcode=normalise_postcode(q))
    elif len(compact) >= 2 and compact[0].isalpha() and any(c.isdigit() for c in compact):
        condition |= Q(postcode__istartswith=q.upper())
    names = Q()
    for word in q.split():
        names &= (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    condition |= names
    return queryset.filter(condition)


def caseload_scope(user: User, holder: str) -> QuerySet[Patient]:
    """The patients the user may see, narrowed to a holder choice."""
    queryset = patients_visible_to(user)
    if holder == "mine":
        return queryset.filter(holder=user)
    if holder == "unassigned":
        return queryset.filter(holder__isnull=True)
    if holder and holder != "all":
        return queryset.filter(holder_id=holder)
    return queryset


def caseload(user: User, filters: CaseloadFilters) -> QuerySet[Patient]:
    """The caseload page's rows: scoped, filtered, annotated (last contact, awaiting first
    contact, overdue, first contact due, latest referral) and sorted, with practice and holder
    loaded: the query count does not depend on the number of rows."""
    # A correlated subquery, not Max() over a join: no GROUP BY, so PostgreSQL sorts the
    # scoped patients and works out the annotations for one page of rows only.
    last_reached = Contact.objects.filter(patient=OuterRef("pk"), outcome=ContactOutcome.SPOKE)
    queryset = caseload_scope(user, filters.holder).annotate(
        last_contact_at=Subquery(last_reached.order_by("-at").values("at")[:1]),
        **_referral_subqueries(),
    )
    if filters.status == "open":
        queryset = queryset.exclude(status=PatientStatus.CLOSED)
    elif filters.status in PatientStatus.values:
        queryset = queryset.filter(status=filters.status)
    if filters.practice:
        queryset = queryset.filter(practice_id=filters.practice)
    if filters.flag in FLAG_FIELDS:
        queryset = queryset.filter(**{filters.flag: True})
    if filters.overdue:
        queryset = queryset.filter(overdue=True)
    if filters.awaiting:
        queryset = queryset.filter(awaiting_first_contact=True)
    queryset = _search(queryset, filters.q)
    order = SORTS.get(filters.sort, SORTS["name"])
    return queryset.select_related("practice", "holder").order_by(*order, "pk")


def caseload_counts(user: User, holder: str) -> dict[str, int]:
    """Counts for the top of the caseload: active, awaiting first contact, overdue (one query)."""
    from referrals.models import patients_awaiting_first_contact

    # ``IN (waiting patients)`` rather than EXISTS per patient: PostgreSQL reads the few
    # waiting referrals once (a partial index) instead of probing once per patient in scope.
    return caseload_scope(user, holder).aggregate(
        active=Count("pk", filter=Q(status=PatientStatus.ACTIVE)),
        on_hold=Count("pk", filter=Q(status=PatientStatus.ON_HOLD)),
        awaiting=Count("pk", filter=patients_awaiting_first_contact()),
        overdue=Count(
            "pk", filter=patients_awaiting_first_contact(overdue_on=timezone.localdate())
        ),
    )


# Patient page


def contact_attempts_since_last_reached(patient: Patient) -> int:
    """Unanswered attempts (no answer, left message, wrong number) since the patient was last
    reached: the count that tells the link worker how often they have tried."""
    attempts = Contact.objects.filter(patient=patient, outcome__in=UNSUCCESSFUL_OUTCOMES)
    last_reached = (
        Contact.objects.filter(patient=patient, outcome=ContactOutcome.SPOKE)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if last_reached is not None:
        attempts = attempts.filter(at__gt=last_reached)
    return attempts.count()
