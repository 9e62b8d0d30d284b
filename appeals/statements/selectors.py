"""Reads for the statement pages, scoped through the policy, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from appeals.statements.models import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    StatementNotification,
    StatementStatus,
    SupportStatement,
)
from linkwork.accounts import policy

if TYPE_CHECKING:
    from django.http import HttpRequest

    from appeals.models import AppealCase
    from linkwork.accounts.models import User

DUE_SOON_DAYS = 7

_RELATED = (
    "requested_by",
    "requested_of_user",
    "requested_of_practice",
    "deadline",
    "signed_by",
    "author",
    "closed_by",
    "supersedes",
)


def _current_signed() -> Exists:
    """True for a statement replaced by a signed newer version."""
    return Exists(
        SupportStatement.objects.filter(supersedes=OuterRef("pk"), status=StatementStatus.SIGNED)
    )


def statements_for_case(user: User, case: AppealCase) -> list[SupportStatement]:
    """The statements of a case the user may see, newest first, with who and when loaded and
    ``is_superseded`` annotated."""
    return list(
        policy.statements_visible_to(user)
        .filter(case=case)
        .select_related(*_RELATED)
        .annotate(is_superseded=_current_signed())
        .order_by("-created_at")
    )


def signed_statements_for_case(case: AppealCase) -> QuerySet[SupportStatement]:
    """The signed statements of a case that no signed correction replaces, oldest first, with
    the signer loaded: the evidence a letter prints (lay each out with
    ``appeals.statements.content.statement_sections``). Not scoped to a user: the caller
    has already fetched the case through the policy."""
    return (
        SupportStatement.objects.filter(case=case, status=StatementStatus.SIGNED)
        .annotate(is_superseded=_current_signed())
        .filter(is_superseded=False)
        .select_related("signed_by", "requested_of_practice")
        .order_by("signed_at")
    )


def case_section_context(request: HttpRequest, case: AppealCase) -> dict[str, Any]:
    """Context of the statements block on the appeal case page (two queries)."""
    return {
        "statements": statements_for_case(request.user, case),
        "can_request": policy.can_request_statement(request.user, case),
    }


def statement_for_page(user: User, pk) -> SupportStatement:
    """One statement the user may see (404 otherwise), with its case summary and what the
    page shows loaded."""
    return get_object_or_404(
        policy.statements_visible_to(user)
        .select_related(
            *_RELATED,
            "case__patient__practice",
            "case__holder",
            "supersedes__signed_by",
        )
        .annotate(is_superseded=_current_signed())
        .prefetch_related(
            Prefetch(
                "notifications",
                queryset=StatementNotification.objects.select_related("created_by"),
            ),
        ),
        pk=pk,
    )


def newer_versions(statement: SupportStatement) -> list[SupportStatement]:
    """The corrections that follow this statement, oldest first (usually none or one)."""
    versions = []
    current = statement
    for _ in range(50):
        nxt = (
            SupportStatement.objects.filter(supersedes=current)
            .exclude(status__in=[StatementStatus.DECLINED, StatementStatus.WITHDRAWN])
            .select_related("signed_by")
            .first()
        )
        if nxt is None:
            break
        versions.append(nxt)
        current = nxt
    return versions


def statement_for_change(user: User, pk) -> SupportStatement:
    """One statement the user may see (404 otherwise), with what the permission checks need."""
    return get_object_or_404(
        policy.statements_visible_to(user).select_related(
            "case__patient__practice",
            "case__holder",
            "deadline",
            "requested_of_user",
            "requested_of_practice",
            "signed_by",
        ),
        pk=pk,
    )


@dataclass
class Portal:
    overdue: list[SupportStatement]
    due_soon: list[SupportStatement]
    open: list[SupportStatement]
    done: QuerySet[SupportStatement]

    @property
    def open_count(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.open)


def gp_portal(user: User, *, today: date, days: int = DUE_SOON_DAYS) -> Portal:
    """A GP's requests: open ones grouped overdue / due within ``days`` / later, soonest
    first; finished ones (signed, declined, withdrawn) newest first, for paging."""
    scope = policy.statements_visible_to(user).select_related(
        "case__patient", "requested_by", "requested_of_user", "requested_of_practice", "deadline"
    )
    overdue, due_soon, later = [], [], []
    for statement in scope.filter(status__in=OPEN_STATUSES).order_by("deadline__due", "created_at"):
        due = statement.due
        if due is not None and due < today:
            overdue.append(statement)
        elif due is not None and due <= today + timedelta(days=days):
            due_soon.append(statement)
        else:
            later.append(statement)
    done = scope.filter(status__in=FINISHED_STATUSES).order_by(
        Coalesce("signed_at", "closed_at", "created_at").desc(), "pk"
    )
    return Portal(overdue=overdue, due_soon=due_soon, open=later, done=done)
