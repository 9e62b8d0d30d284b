"""Appeal events on the patient's timeline: each case opened and each stage it moved to.

Registered with ``patients.timeline`` from ``AppealsConfig.ready``. Scoped through the policy,
so GPs (who never see cases) get nothing; two queries whatever the number of cases.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from appeals.models import StageChange
from linkwork.accounts.policy import cases_visible_to
from patients.timeline import TimelineEntry, timeline_source


@timeline_source
def appeal_entries(patient, user) -> Iterator[TimelineEntry]:
    cases = cases_visible_to(user).filter(patient=patient).select_related("created_by")
    for case in cases:
        yield TimelineEntry(
            at=case.created_at,
            kind="appeal",
            title=f"{case.get_benefit_display()} appeal case opened",
            detail=case.decision_summary,
            url=reverse("appeals:case_detail", kwargs={"pk": case.pk}),
            by=str(case.created_by) if case.created_by else "",
        )
    changes = StageChange.objects.filter(case__in=cases).select_related("case", "by")
    for change in changes:
        yield TimelineEntry(
            at=change.at,
            kind="appeal",
            title=f"{change.case.get_benefit_display()} appeal: "
            f"{change.get_from_stage_display()} → {change.get_to_stage_display()}",
            detail=change.reason,
            url=reverse("appeals:case_detail", kwargs={"pk": change.case_id}),
            by=str(change.by),
        )
