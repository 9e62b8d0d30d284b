"""Reads for the appeal pages, scoped through the policy and loaded in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Min, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from appeals.models import AppealCase, CaseNote, Deadline, DeadlineStatus, StageChange
from appeals.stages import ENDED
from linkwork.accounts import policy
from patients.models import PatientStatus

if TYPE_CHECKING:
    from linkwork.accounts.models import User
    from patients.models import Patient

MY_DEADLINES_DAYS = 14


def case_list(
    user: User,
    *,
    stage: str = "",
    benefit: str = "",
    mine: bool = False,
    show_ended: bool = False,
    reference: str = "",
    today: date,
) -> QuerySet[AppealCase]:
    """Cases the user may see, with the patient, the holder and the next open deadline."""
    cases = policy.cases_visible_to(user)
    if stage:
        cases = cases.filter(stage=stage)
    elif not show_ended:
        cases = cases.exclude(stage__in=ENDED)
    if benefit:
        cases = cases.filter(benefit=benefit)
    if mine:
        cases = cases.filter(holder=user)
    if reference:
        cases = cases.filter(tribunal_reference__icontains=reference.strip())
    return (
        cases.select_related("patient", "holder")
        .annotate(
            next_due=Min("deadlines__due", filter=Q(deadlines__status=DeadlineStatus.OPEN)),
        )
        .order_by("next_due", "-created_at")
    )


def case_for_page(user: User, pk) -> AppealCase:
    """One case the user may see (404 otherwise), with what its page shows, prefetched."""
    return get_object_or_404(
        policy.cases_visible_to(user)
        .select_related("patient__practice", "holder", "created_by")
        .prefetch_related(
            Prefetch("deadlines", queryset=Deadline.objects.select_related("status_changed_by")),
            Prefetch("notes", queryset=CaseNote.objects.select_related("author")),
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("by")),
        ),
        pk=pk,
    )


def case_for_change(user: User, pk) -> AppealCase:
    """One case the user may see (404 otherwise), with what the permission check needs."""
    return get_object_or_404(
        policy.cases_visible_to(user).select_related("patient__practice", "holder"), pk=pk
    )


def deadline_for_change(case: AppealCase, pk) -> Deadline:
    """A deadline of a case already fetched through the scope (404 if not of that case)."""
    return get_object_or_404(Deadline.objects.filter(case=case), pk=pk)


def deadlines_due(user: User, *, today: date, days: int = MY_DEADLINES_DAYS) -> QuerySet[Deadline]:
    """Open deadlines due within ``days`` and all overdue ones, soonest first.

    A link worker sees the cases they hold; a manager sees every case of the service.
    """
    cases = policy.cases_visible_to(user)
    if policy.is_link_worker(user):
        cases = cases.filter(holder=user)
    return (
        Deadline.objects.filter(
            case__in=cases,
            status=DeadlineStatus.OPEN,
            due__lte=today + timedelta(days=days),
        )
        .select_related("case__patient", "case__holder")
        .order_by("due", "case__patient__family_name")
    )


def patients_for_new_case(user: User) -> QuerySet[Patient]:
    """Patients a new appeal case may be opened for, the ones the user holds first: those of
    the user's service that are not closed, as ``policy.can_open_case`` decides for one."""
    return (
        policy.patients_visible_to(user)
        .exclude(status=PatientStatus.CLOSED)
        .annotate(
            mine=Case(
                When(holder=user, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("mine", "family_name", "given_name")
    )


def cases_for_patient(user: User, patient: Patient) -> QuerySet[AppealCase]:
    """A patient's appeal cases the user may see (none for GPs), newest first, with the
    next open deadline, for the patient's page."""
    return (
        policy.cases_visible_to(user)
        .filter(patient=patient)
        .select_related("holder")
        .annotate(next_due=Min("deadlines__due", filter=Q(deadlines__status=DeadlineStatus.OPEN)))
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    text: str
    by: str


def timeline(case: AppealCase) -> list[TimelineEntry]:
    """Stage changes and notes of a case, newest first (uses the prefetched rows)."""
    entries = [
        TimelineEntry(
            at=change.at,
            kind="stage",
            title=f"{change.get_from_stage_display()} → {change.get_to_stage_display()}",
            text=change.reason,
            by=str(change.by),
        )
        for change in case.stage_changes.all()
    ]
    entries += [
        TimelineEntry(
            at=note.created_at, kind="note", title="Note", text=note.text, by=str(note.author)
        )
        for note in case.notes.all()
    ]
    entries.append(
        TimelineEntry(
            at=case.created_at,
            kind="created",
            title="Case opened",
            text="",
            by=str(case.created_by) if case.created_by else "",
        )
    )
    return sorted(entries, key=lambda e: e.at, reverse=True)
