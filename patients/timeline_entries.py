"""The patient app's contributions to the timeline: contacts, consent, needs, support offered
and outcome measures. Service staff only: GPs see none of these."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from linkwork.accounts.policy import can_see_contact_notes
from patients.models import Consent, Contact, Need, OutcomeMeasure, SupportOffer
from patients.timeline import TimelineEntry, at_start_of, timeline_source


@timeline_source
def contact_entries(patient, user) -> Iterator[TimelineEntry]:
    if not can_see_contact_notes(user):
        return
    for contact in Contact.objects.filter(patient=patient).select_related("recorded_by"):
        minutes = f", {contact.duration_minutes} min" if contact.duration_minutes else ""
        yield TimelineEntry(
            at=contact.at,
            kind="contact",
            title=f"{contact.get_kind_display()}: {contact.get_outcome_display().lower()}{minutes}",
            detail=contact.notes,
            by=str(contact.recorded_by),
        )


@timeline_source
def consent_entries(patient, user) -> Iterator[TimelineEntry]:
    if not can_see_contact_notes(user):
        return
    for consent in Consent.objects.filter(patient=patient).select_related("recorded_by"):
        verb = "Consent given" if consent.given else "Consent refused or withdrawn"
        what = consent.organisation or consent.get_scope_display().lower()
        yield TimelineEntry(
            at=at_start_of(consent.decided_on),
            kind="consent",
            title=f"{verb}: {what}",
            detail=f"{consent.get_method_display()}. {consent.note}".strip(),
            by=str(consent.recorded_by),
        )


@timeline_source
def need_entries(patient, user) -> Iterator[TimelineEntry]:
    if not can_see_contact_notes(user):
        return
    for need in Need.objects.filter(patient=patient).select_related("recorded_by"):
        yield TimelineEntry(
            at=at_start_of(need.identified_on),
            kind="need",
            title=f"Need identified: {need.get_category_display()}",
            detail=need.detail,
            by=str(need.recorded_by),
        )
        if need.resolved_on:
            yield TimelineEntry(
                at=at_start_of(need.resolved_on),
                kind="need",
                title=f"Need met: {need.get_category_display()}",
            )


@timeline_source
def support_entries(patient, user) -> Iterator[TimelineEntry]:
    if not can_see_contact_notes(user):
        return
    for offer in SupportOffer.objects.filter(patient=patient).select_related("recorded_by"):
        yield TimelineEntry(
            at=at_start_of(offer.offered_on),
            kind="support",
            title=f"{offer.get_kind_display()} to {offer.organisation}",
            detail=offer.get_outcome_display(),
            url=reverse("patients:support_edit", kwargs={"pk": patient.pk, "support_pk": offer.pk}),
            by=str(offer.recorded_by),
        )


@timeline_source
def measure_entries(patient, user) -> Iterator[TimelineEntry]:
    if not can_see_contact_notes(user):
        return
    for measure in OutcomeMeasure.objects.filter(patient=patient).select_related("recorded_by"):
        scores = ", ".join(
            f"{item.key.replace('_', ' ')} {measure.scores[item.key]}" for item in measure.items
        )
        yield TimelineEntry(
            at=at_start_of(measure.taken_on),
            kind="measure",
            title=f"{measure.get_kind_display()} ({measure.get_timepoint_display().lower()})",
            detail=scores,
            by=str(measure.recorded_by),
        )
