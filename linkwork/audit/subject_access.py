"""Subject access request: everything Linkwork holds about one patient, as one JSON document.

The bundle holds the patient's row, every row that points at the patient and, to four levels,
every row that points at those (referrals and their messages, appeal cases with their
deadlines and the reminders and notifications about them, notes, statements and letters...),
found from the models themselves so a new model is included without changing this module.
Files (letters, statements) are listed by name: the service sends them with the bundle. It ends
with who has accessed the record and when (without network addresses). Reads are one query per
relation per level, whatever the number of rows.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.utils import timezone

from linkwork.audit.models import AuditEvent

# Patient -> appeal case -> deadline -> reminder -> in-app notification is four levels.
MAX_DEPTH = 4


def subject_access_bundle(patient, *, requested_by) -> dict[str, Any]:
    records: dict[str, dict[str, dict]] = {}
    _collect(type(patient), [patient.pk], records, depth=1)
    events = (
        AuditEvent.objects.filter(patient_id=patient.pk).select_related("user").order_by("at", "id")
    )
    return {
        "about": (
            "Everything Linkwork holds about this person: their record, every record linked to "
            "it, and who has accessed it."
        ),
        "generated_at": timezone.now().isoformat(),
        "generated_by": str(requested_by),
        "patient": _row(patient),
        "records": {label: list(rows.values()) for label, rows in sorted(records.items())},
        "access": [
            {
                "at": event.at.isoformat(),
                "by": str(event.user) if event.user else event.username,
                "role": event.user.get_role_display() if event.user else "",
                "action": event.get_action_display(),
                "record": event.object_type,
                "detail": event.detail,
            }
            for event in events
        ],
    }


def _collect(model, pks: list, records: dict, depth: int) -> None:
    if depth > MAX_DEPTH or not pks:
        return
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            continue
        related = relation.related_model
        rows = related._base_manager.filter(**{f"{relation.field.name}__in": pks}).order_by("pk")
        found = records.setdefault(related._meta.label, {})
        new_pks = []
        for row in rows:
            if row.pk not in found:
                found[row.pk] = _row(row)
                new_pks.append(row.pk)
        if not found:
            del records[related._meta.label]
        _collect(related, new_pks, records, depth + 1)


def _row(obj: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        data[field.attname] = _plain(value)
        if field.choices and value not in (None, ""):
            data[f"{field.attname}_display"] = str(getattr(obj, f"get_{field.name}_display")())
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal | datetime.timedelta):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or ""
    if isinstance(value, str | int | float | bool | dict | list) or value is None:
        return value
    return str(value)
