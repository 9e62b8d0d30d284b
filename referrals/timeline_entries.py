"""Referral events on the patient timeline: received, each status change, messages to the GP."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from patients.timeline import TimelineEntry, at_start_of, timeline_source
from referrals.models import Referral, ReferralStatus


@timeline_source
def referral_entries(patient, user) -> Iterator[TimelineEntry]:
    referrals = Referral.objects.filter(patient=patient).prefetch_related(
        "transitions__by", "messages"
    )
    for referral in referrals:
        url = reverse("referrals:detail", kwargs={"pk": referral.pk})
        yield TimelineEntry(
            at=at_start_of(referral.received_on),
            kind="referral",
            title=f"Referral received ({referral.get_source_display()})",
            detail=", ".join(referral.reason_labels),
            url=url,
        )
        for transition in referral.transitions.all():
            if transition.to_status == ReferralStatus.RECEIVED:
                continue
            yield TimelineEntry(
                at=transition.at,
                kind="referral",
                title=f"Referral {transition.get_to_status_display().lower()}",
                detail=transition.note,
                url=url,
                by=str(transition.by),
            )
        for message in referral.messages.all():
            yield TimelineEntry(
                at=message.sent_at,
                kind="message",
                title=f"Message to GP: referral {message.get_event_display().lower()}",
                detail=message.summary,
                url=url,
            )
