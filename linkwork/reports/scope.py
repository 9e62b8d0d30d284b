"""What a user's reports cover. ``linkwork.accounts.policy.report_scope`` decides it from the
role; the selectors apply it without knowing roles."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

CASELOAD = "caseload"
REFERRALS = "referrals"
APPEALS = "appeals"
OUTCOMES = "outcomes"
NEEDS = "needs"

ALL_SECTIONS = frozenset({CASELOAD, REFERRALS, APPEALS, OUTCOMES, NEEDS})
GP_SECTIONS = frozenset({REFERRALS, OUTCOMES})


@dataclass(frozen=True)
class ReportScope:
    """``service_id`` None means every service (administrators). ``practice_id`` and
    ``worker_id``, when set, narrow every figure to one practice's patients or one link
    worker's caseload, whatever filters the user chooses."""

    title: str
    sections: frozenset[str]
    service_id: uuid.UUID | None = None
    practice_id: uuid.UUID | None = None
    worker_id: uuid.UUID | None = None

    def shows(self, section: str) -> bool:
        return section in self.sections

    @property
    def may_filter_practice(self) -> bool:
        return self.practice_id is None

    @property
    def may_filter_worker(self) -> bool:
        return self.worker_id is None and self.practice_id is None
