"""A statement's content as plain data: the canonical form that is hashed at signing, and the
headed sections that pages and letters print.

``statement_sections(statement)`` is the one way to lay a statement out; the letters feature
prints signed statements with it, so a statement reads the same on screen and on paper.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from appeals.pip import Activity, rule_sets

if TYPE_CHECKING:
    from appeals.statements.models import SupportStatement

HEADINGS: dict[str, str] = {
    "conditions": "Conditions and diagnoses",
    "duration": "How long",
    "treatment": "Treatment and medication",
    "mental_health_effect": "Effect on mental health",
    "statement": "Statement",
}


def pip_activities() -> tuple[Activity, ...]:
    """The twelve PIP activities (latest rule set), daily living first: the same list as the
    points estimate."""
    return rule_sets()[-1].activities()


def clean_impacts(raw: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Only known activities and parts, stripped, with empty entries left out."""
    from appeals.statements.models import IMPACT_PARTS

    cleaned: dict[str, dict[str, str]] = {}
    for activity in pip_activities():
        entry = raw.get(activity.key) or {}
        if not isinstance(entry, Mapping):
            continue
        parts = {
            part: str(entry.get(part) or "").strip()
            for part, _ in IMPACT_PARTS
            if str(entry.get(part) or "").strip()
        }
        if parts:
            cleaned[activity.key] = parts
    return cleaned


def has_content(statement: SupportStatement) -> bool:
    from appeals.statements.models import CONTENT_FIELDS

    return any(getattr(statement, f).strip() for f in CONTENT_FIELDS) or bool(
        clean_impacts(statement.activity_impacts)
    )


def canonical_content(statement: SupportStatement) -> bytes:
    """The statement as it is signed, serialised the same way every time: JSON with sorted
    keys, no insignificant spaces, UTF-8. Covers what it says, whose it is and when it was
    signed, so changing any of them changes the hash."""
    from appeals.statements.models import CONTENT_FIELDS

    data = {
        "statement_id": str(statement.pk),
        "case_id": str(statement.case_id),
        "kind": statement.kind,
        "version": statement.version,
        "supersedes": str(statement.supersedes_id) if statement.supersedes_id else None,
        "maker_name": statement.maker_name,
        "maker_relationship": statement.maker_relationship,
        **{name: getattr(statement, name) for name in CONTENT_FIELDS},
        "activity_impacts": clean_impacts(statement.activity_impacts),
        "signer_id": str(statement.signed_by_id) if statement.signed_by_id else None,
        "signer_name": statement.signer_name,
        "signer_registration": statement.signer_registration,
        "signed_at": statement.signed_at.isoformat() if statement.signed_at else None,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def draft_fingerprint(statement: SupportStatement) -> str:
    """SHA-256 of what the statement says now (content only, no signature): a page carries it
    so that saving or signing is refused when someone else changed the text meanwhile."""
    from appeals.statements.models import CONTENT_FIELDS

    data = {
        **{name: getattr(statement, name) for name in CONTENT_FIELDS},
        "activity_impacts": clean_impacts(statement.activity_impacts),
        "status": statement.status,
    }
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()


def content_hash(statement: SupportStatement) -> str:
    """SHA-256 of the canonical content, as 64 hexadecimal characters."""
    return hashlib.sha256(canonical_content(statement)).hexdigest()


def hash_matches(statement: SupportStatement) -> bool:
    """Whether a signed statement still has the content it was signed with."""
    return bool(statement.content_hash) and statement.content_hash == content_hash(statement)


def impact_text(entry: Mapping[str, str]) -> str:
    from appeals.statements.models import IMPACT_PARTS

    return "\n".join(f"{label}: {entry[part]}" for part, label in IMPACT_PARTS if entry.get(part))


def statement_sections(statement: SupportStatement) -> list[tuple[str, str]]:
    """The statement as (heading, text) sections in reading order, empty ones left out.

    PIP activities appear as "Activity 1: Preparing food" with how often, how reliably and
    what help, one line each."""
    from appeals.statements.models import SECTIONS_AFTER_ACTIVITIES, SECTIONS_BEFORE_ACTIVITIES

    sections: list[tuple[str, str]] = []
    for name in SECTIONS_BEFORE_ACTIVITIES:
        text = getattr(statement, name).strip()
        if text:
            sections.append((HEADINGS[name], text))
    impacts = clean_impacts(statement.activity_impacts)
    for activity in pip_activities():
        if activity.key in impacts:
            sections.append(
                (
                    f"Activity {activity.number}: {activity.title}",
                    impact_text(impacts[activity.key]),
                )
            )
    for name in SECTIONS_AFTER_ACTIVITIES:
        text = getattr(statement, name).strip()
        if text:
            sections.append((HEADINGS[name], text))
    return sections
