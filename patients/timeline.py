"""The patient timeline: everything that happened to a patient, newest first.

Any app can add entries. Register a function that takes the patient and the viewing user and
returns ``TimelineEntry`` objects; keep it to a fixed number of queries (one is usual)::

    from patients.timeline import TimelineEntry, timeline_source

    @timeline_source
    def appeal_entries(patient, user):
        for case in AppealCase.objects.filter(patient=patient):
            yield TimelineEntry(at=at_start_of(case.decision_date), kind="appeal", title=...)

Register from the app's ``AppConfig.ready()`` (import the module that holds the functions).
A source decides what the user may see: GPs never see contact notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from linkwork.accounts.models import User
    from patients.models import Patient


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # a short word used as a CSS hook and filter: "contact", "referral", "appeal"
    title: str
    detail: str = ""
    url: str = ""
    by: str = ""


TimelineSource = Callable[["Patient", "User"], Iterable[TimelineEntry]]
_SOURCES: list[TimelineSource] = []


def timeline_source(source: TimelineSource) -> TimelineSource:
    """Register a source of timeline entries (usable as a decorator). Registering the same
    function twice has no effect."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def registered_sources() -> tuple[TimelineSource, ...]:
    return tuple(_SOURCES)


def at_start_of(day: date) -> datetime:
    """A date as an aware datetime at the start of that day, for entries that have only a date."""
    return timezone.make_aware(datetime.combine(day, time.min))


def timeline_for(patient: Patient, user: User, limit: int | None = None) -> list[TimelineEntry]:
    """Entries from every registered source, newest first."""
    entries = [entry for source in _SOURCES for entry in source(patient, user)]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit] if limit is not None else entries
