"""What a letter says: a snapshot of the case taken when the letter is requested, and the HTML
made from it.

``build_snapshot`` reads the case once and returns plain printable values (strings, numbers,
lists), stored on the letter. ``letter_html`` turns a snapshot into HTML with the Django
templates under ``templates/letters/pdf/``. Rendering works from the snapshot alone, so a
version of a letter always prints the same, whatever happens to the case later, and two
versions made from the same data are identical.

Everything a person typed is escaped by the template engine: a note containing
``<img src=file:///etc/passwd>`` prints as those characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import timezone

from appeals.letters.models import Addressee, LetterKind
from appeals.models import AppealCase, Benefit
from appeals.pip import COMPONENTS, Award, score

if TYPE_CHECKING:
    from appeals.models import StageChange

SNAPSHOT_FORMAT = 1

# Where letters go. *Check* before relying on them: DWP and HMCTS move their post rooms, and the
# decision letter or MR notice always gives the current address.
ADDRESSES: dict[str, dict[str, list[str]]] = {
    Addressee.DWP: {
        Benefit.PIP: [
            "Department for Work and Pensions",
            "Personal Independence Payment",
            "Post Handling Site B",
            "Wolverhampton",
            "WV99 1AH",
        ],
        "default": [
            "Department for Work and Pensions",
            "Mandatory Reconsideration",
            "(the address printed on the decision letter)",
        ],
    },
    Addressee.HMCTS: {
        "default": [
            "HM Courts & Tribunals Service",
            "Social Security and Child Support Appeals",
            "PO Box 12626",
            "Harlow",
            "CM20 9QF",
        ],
    },
}

# For a points total's award and a case's component rate alike (``ComponentAward`` has the
# values of ``Award``).
AWARD_PHRASES = {
    Award.NONE: "no award",
    Award.STANDARD: "the standard rate",
    Award.ENHANCED: "the enhanced rate",
}
COMPONENT_TITLES = {"daily_living": "Daily living", "mobility": "Mobility"}


def long_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def addressee_for(kind: str, case: AppealCase) -> Addressee:
    """DWP for the MR letter; HMCTS for the tribunal pack; a GP support letter goes to
    whoever is deciding now: the tribunal once an appeal is lodged, DWP before."""
    if kind == LetterKind.MR_COVER:
        return Addressee.DWP
    if kind == LetterKind.TRIBUNAL_PACK:
        return Addressee.HMCTS
    return Addressee.HMCTS if case.appeal_lodged_date else Addressee.DWP


def _address_lines(addressee: str, benefit: str) -> list[str]:
    options = ADDRESSES[addressee]
    return list(options.get(benefit, options["default"]))


def _patient(case: AppealCase) -> dict[str, Any]:
    patient = case.patient
    return {
        "name": patient.full_name,
        "date_of_birth": long_date(patient.date_of_birth),
        "nhs_number": patient.nhs_number_display,
        "ni_number": patient.ni_number_display,
        "address": patient.address.strip(),
        "postcode": patient.postcode,
    }


def _service(case: AppealCase) -> dict[str, Any]:
    service = case.patient.practice.service
    return {
        "name": service.name,
        "address": service.address.strip(),
        "phone": service.phone,
        "email": service.email,
    }


def _benefit(case: AppealCase) -> dict[str, Any]:
    return {
        "name": case.get_benefit_display(),
        "dwp_code": case.dwp_code,
        "decision_date": long_date(case.decision_date),
        "mr_notice_date": long_date(case.mr_notice_date),
        "tribunal_reference": case.tribunal_reference,
        "decision_summary": case.decision_summary.strip(),
        "components": [
            {
                "title": title,
                "before": AWARD_PHRASES.get(getattr(case, f"{key}_before"), ""),
                "decided": AWARD_PHRASES.get(getattr(case, f"{key}_decided"), "not stated"),
            }
            for key, title in COMPONENT_TITLES.items()
        ]
        if case.is_pip
        else [],
    }


def pip_table(case: AppealCase, awarded_points: Mapping[str, int]) -> dict[str, Any] | None:
    """Per activity: the points DWP awarded and the points of the descriptor the link worker
    estimates applies, with component totals and the award each total gives."""
    if not case.is_pip or not (case.pip_choices or awarded_points):
        return None
    rule_set = case.pip_rule_set
    has_estimate = bool(case.pip_choices)
    estimate = score(rule_set, case.pip_choices or {})
    awarded = {key: int(points) for key, points in awarded_points.items()}
    components = []
    for component in COMPONENTS:
        rows = []
        for activity in rule_set.activities(component):
            letter = estimate.choices.get(activity.key, "")
            descriptor = activity.descriptor(letter) if letter else None
            rows.append(
                {
                    "number": activity.number,
                    "title": activity.title,
                    "awarded": awarded.get(activity.key),
                    "estimated": estimate.activity_points[activity.key] if descriptor else None,
                    "descriptor": f"{descriptor.letter}. {descriptor.text}" if descriptor else "",
                }
            )
        awarded_values = [
            awarded[a.key] for a in rule_set.activities(component) if a.key in awarded
        ]
        awarded_total = sum(awarded_values)
        components.append(
            {
                "title": COMPONENT_TITLES[component],
                "rows": rows,
                "awarded_total": awarded_total if awarded_values else None,
                "awarded_award": AWARD_PHRASES[
                    rule_set.award_for(component, awarded_total, max(awarded_values, default=0))
                ]
                if awarded_values
                else "",
                "estimated_total": estimate.component_points[component] if has_estimate else None,
                "estimated_award": AWARD_PHRASES[estimate.awards[component]]
                if has_estimate
                else "",
            }
        )
    return {
        "rule_set": rule_set.title,
        "standard_threshold": rule_set.standard_threshold,
        "enhanced_threshold": rule_set.enhanced_threshold,
        "components": components,
    }


def _timeline(case: AppealCase, stage_changes: Iterable[StageChange]) -> list[dict[str, str]]:
    """Key dates from the case's letters and each stage change, oldest first. Stage-change
    reasons are internal notes and are not printed."""
    entries: list[tuple[date, int, str]] = []
    dated = [
        (case.decision_date, "DWP decision on the claim"),
        (case.mr_requested_date, "Mandatory reconsideration requested"),
        (case.mr_notice_date, "Mandatory reconsideration notice issued"),
        (case.appeal_lodged_date, "Appeal (SSCS1) received by HMCTS"),
        (case.dwp_response_date, "DWP response to the appeal received"),
        (
            case.hearing_date,
            f"{case.get_hearing_type_display() or 'Hearing'} listed"
            if case.hearing_type
            else "Hearing listed",
        ),
        (case.outcome_date, "Tribunal decision"),
    ]
    for order, (on, text) in enumerate(dated):
        if on:
            entries.append((on, order, text))
    for order, change in enumerate(stage_changes, start=len(dated)):
        entries.append(
            (
                timezone.localdate(change.at),
                order,
                (
                    f"Case moved from “{change.get_from_stage_display()}” to "
                    f"“{change.get_to_stage_display()}”"
                ),
            )
        )
    entries.sort()
    return [{"date": long_date(on), "text": text} for on, _, text in entries]


def build_snapshot(
    case: AppealCase,
    *,
    kind: str,
    letter_date: date,
    grounds: str,
    awarded_points: Mapping[str, int],
    statements: Iterable[Mapping[str, str]] = (),
) -> dict[str, Any]:
    """Everything the letter prints, as plain values. ``case`` should come with
    ``patient__practice__service`` loaded; its stage changes are read here (one query)."""
    addressee = addressee_for(kind, case)
    stage_changes = case.stage_changes.order_by("at")
    return {
        "format": SNAPSHOT_FORMAT,
        "kind": kind,
        "kind_title": LetterKind(kind).label,
        "letter_date": long_date(letter_date),
        "letter_date_iso": letter_date.isoformat(),
        "addressee": addressee.value,
        "address_lines": _address_lines(addressee, case.benefit),
        "service": _service(case),
        "patient": _patient(case),
        "benefit": _benefit(case),
        "grounds": grounds.strip(),
        "pip": pip_table(case, awarded_points),
        "statements": [dict(s) for s in statements],
        "timeline": _timeline(case, stage_changes),
    }


def letter_html(snapshot: Mapping[str, Any]) -> str:
    """The letter's HTML (with its print CSS) from a snapshot."""
    template = f"letters/pdf/{snapshot['kind']}.html"
    return render_to_string(template, {"letter": snapshot})
