"""A hand-computed data set for the reports: service A in March 2026, "today" 10 April 2026.

Every expected figure in the tests is worked out by hand from the rows below; service B gets a
copy of some rows that must never be counted for service A.

Patients (practice, holder, status) and their referrals (received, source, what happened):

* P1 (A1, LW1, active): R1 5 Mar, GP, contacted 7 Mar (2 days), accepted.
* P2 (A1, LW1, active): R2 10 Mar, self-referral, no contact, due 24 Mar (overdue today).
* P3 (A2, LW2, closed): R3 2 Mar, GP, contacted 12 Mar (10 days), declined (patient did not
  want the service), closed 20 Mar.
* P4 (A2, nobody, active): R4 15 Mar, community organisation, no contact, due 20 Apr.
* P5 (A1, LW1, active): R5 10 Jan (before the period), contacted 14 Jan.
* P6 (B1, service B): a referral, need, support offer, appeal and measures in March.

Appeal cases (patient, holder, stage):

* C1 (P1, LW1, with DWP): D1 due 20 Mar met; D2 due 5 Apr open (overdue today).
* C2 (P5, LW1, closed): in favour 16 Mar, decision 1 Nov 2025 (135 days), Motability customer
  kept enhanced mobility, annual gain 5000.00, arrears 1200.50; D3 due 10 Mar missed.
* C3 (P3, LW2, closed): DWP revised (lapsed), closed 25 Mar, decision 1 Jan (83 days), MR
  unchanged 3 Mar, annual gain 1000.00, no arrears.
* C4 (P2, LW2, MR decided): MR changed in part 12 Mar; D4 due 1 Apr open (overdue today); D5
  due 29 Mar waived.
* C5 (P1, LW1, closed): upheld 28 Mar, decision 26 Feb (30 days), MR unchanged 8 Mar.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from appeals.models import (
    ComponentAward,
    Deadline,
    DeadlineStatus,
    MRResult,
    Outcome,
    Stage,
)
from linkwork.accounts.policy import report_scope
from linkwork.reports.figures import ReportContext
from patients.models import (
    NeedCategory,
    PatientStatus,
    SupportKind,
    SupportOutcome,
    Timepoint,
)
from referrals.models import (
    DeclineReason,
    ReferralSource,
    ReferralStatus,
    ReferralTransition,
)
from tests.factories import (
    AppealCaseFactory,
    DeadlineFactory,
    LinkWorkerFactory,
    NeedFactory,
    OutcomeMeasureFactory,
    PatientFactory,
    ReferralFactory,
    SupportOfferFactory,
)

START = datetime.date(2026, 3, 1)
END = datetime.date(2026, 3, 31)
TODAY = datetime.date(2026, 4, 10)


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, 0, tzinfo=timezone.get_current_timezone())


@dataclass
class ReportData:
    world: object
    lw1: object
    lw2: object
    patients: dict
    referrals: dict
    cases: dict

    def context(self, user, **filters) -> ReportContext:
        return ReportContext(scope=report_scope(user), start=START, end=END, today=TODAY, **filters)


def _referral(patient, by, *, received, source, due, contacted=None, moves=(), **fields):
    referral = ReferralFactory(
        patient=patient,
        source=source,
        received_on=received,
        first_contact_due=due,
        first_contact_at=contacted,
        created_by=by,
        **fields,
    )
    for status, when in moves:
        ReferralTransition.objects.create(
            referral=referral, from_status="", to_status=status, by=by, at=when
        )
    return referral


def _case(patient, holder, by, **fields):
    case = AppealCaseFactory(patient=patient, holder=holder, created_by=by, **fields)
    Deadline.objects.filter(case=case).delete()  # only the hand-made deadlines below count
    return case


def _ons4(patient, by, timepoint, taken_on, scores):
    keys = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
    return OutcomeMeasureFactory(
        patient=patient,
        timepoint=timepoint,
        taken_on=taken_on,
        scores=dict(zip(keys, scores, strict=True)),
        recorded_by=by,
    )


@pytest.fixture
def report_data(world) -> ReportData:
    world.service.annual_capacity = 2
    world.service.save()
    lw1, lw2, by = world.link_worker, world.link_worker_not_holding, world.manager
    a1, a2 = world.practice, world.other_practice
    p1 = world.patient  # A1, held by lw1
    p2 = PatientFactory(practice=a1, holder=lw1)
    p3 = PatientFactory(practice=a2, holder=lw2, status=PatientStatus.CLOSED)
    p4 = PatientFactory(practice=a2, holder=None)
    p5 = PatientFactory(practice=a1, holder=lw1)
    outsider = world.link_worker_other_service
    p6 = PatientFactory(practice=world.outside_practice, holder=outsider)

    gp, self_referral = ReferralSource.GP, ReferralSource.SELF
    r1 = _referral(
        p1, by, received=d(3, 5), source=gp, due=d(3, 19), contacted=at(3, 7),
        status=ReferralStatus.ACCEPTED,
        moves=[(ReferralStatus.CONTACTED, at(3, 7)), (ReferralStatus.ACCEPTED, at(3, 8))],
    )  # fmt: skip
    r2 = _referral(p2, by, received=d(3, 10), source=self_referral, due=d(3, 24))
    r3 = _referral(
        p3, by, received=d(3, 2), source=gp, due=d(3, 16), contacted=at(3, 12),
        status=ReferralStatus.CLOSED, status_changed_at=at(3, 20),
        decline_reason=DeclineReason.PATIENT_DECLINED,
        moves=[
            (ReferralStatus.CONTACTED, at(3, 12)),
            (ReferralStatus.DECLINED, at(3, 13)),
            (ReferralStatus.CLOSED, at(3, 20)),
        ],
    )  # fmt: skip
    r4 = _referral(p4, by, received=d(3, 15), source=ReferralSource.COMMUNITY, due=d(4, 20))
    r5 = _referral(
        p5, by, received=d(1, 10), source=gp, due=d(1, 24), contacted=at(1, 14),
        status=ReferralStatus.ACCEPTED, moves=[(ReferralStatus.ACCEPTED, at(1, 15))],
    )  # fmt: skip
    _referral(p6, outsider, received=d(3, 6), source=gp, due=d(3, 9), contacted=at(3, 8))

    c1 = _case(p1, lw1, by, stage=Stage.WITH_DWP, decision_date=d(2, 1))
    DeadlineFactory(case=c1, due=d(3, 20), status=DeadlineStatus.MET)
    DeadlineFactory(case=c1, due=d(4, 5))
    c2 = _case(
        p5, lw1, by, stage=Stage.CLOSED, outcome=Outcome.IN_FAVOUR, outcome_date=d(3, 16),
        decision_date=d(11, 1, 2025), closed_date=d(3, 17), motability_customer=True,
        mobility_after_appeal=ComponentAward.ENHANCED, mr_result=MRResult.UNCHANGED,
        mr_notice_date=d(1, 5), annual_gain=Decimal("5000.00"), arrears=Decimal("1200.50"),
    )  # fmt: skip
    DeadlineFactory(case=c2, due=d(3, 10), status=DeadlineStatus.MISSED)
    c3 = _case(
        p3, lw2, by, stage=Stage.CLOSED, outcome=Outcome.REVISED_BY_DWP, outcome_date=None,
        closed_date=d(3, 25), decision_date=d(1, 1), mr_result=MRResult.UNCHANGED,
        mr_notice_date=d(3, 3), annual_gain=Decimal("1000.00"), arrears=None,
    )  # fmt: skip
    c4 = _case(
        p2, lw2, by, stage=Stage.MR_DECIDED, decision_date=d(2, 10),
        mr_result=MRResult.CHANGED_IN_PART, mr_notice_date=d(3, 12),
    )  # fmt: skip
    DeadlineFactory(case=c4, due=d(4, 1))
    DeadlineFactory(case=c4, due=d(3, 29), status=DeadlineStatus.WAIVED, status_reason="Not needed")
    c5 = _case(
        p1, lw1, by, stage=Stage.CLOSED, outcome=Outcome.UPHELD, outcome_date=d(3, 28),
        decision_date=d(2, 26), mr_result=MRResult.UNCHANGED, mr_notice_date=d(3, 8),
    )  # fmt: skip
    c6 = _case(
        p6, outsider, outsider, stage=Stage.CLOSED, outcome=Outcome.IN_FAVOUR,
        outcome_date=d(3, 16), decision_date=d(1, 1), annual_gain=Decimal("999.00"),
    )  # fmt: skip
    DeadlineFactory(case=c6, due=d(3, 5), status=DeadlineStatus.MISSED)

    baseline, follow_up = Timepoint.BASELINE, Timepoint.FOLLOW_UP
    _ons4(p1, by, baseline, d(1, 10), (4, 5, 3, 8))
    _ons4(p1, by, follow_up, d(2, 15), (5, 5, 5, 5))
    _ons4(p1, by, follow_up, d(3, 20), (7, 6, 6, 4))
    _ons4(p2, by, baseline, d(3, 1), (2, 2, 2, 6))
    _ons4(p2, by, follow_up, d(3, 25), (4, 5, 2, 6))
    _ons4(p2, by, follow_up, d(4, 5), (10, 10, 10, 0))  # after the period: not the latest
    _ons4(p3, by, baseline, d(3, 2), (1, 1, 1, 1))  # no follow-up
    _ons4(p4, by, follow_up, d(3, 16), (9, 9, 9, 9))  # no baseline
    _ons4(p5, by, baseline, d(1, 12), (3, 3, 3, 3))
    _ons4(p5, by, follow_up, d(2, 1), (6, 6, 6, 6))  # latest follow-up before the period
    _ons4(p6, outsider, baseline, d(1, 1), (0, 0, 0, 10))
    _ons4(p6, outsider, follow_up, d(3, 10), (10, 10, 10, 0))

    money, housing = NeedCategory.MONEY, NeedCategory.HOUSING
    for patient, category, on in (
        (p1, money, d(3, 2)),
        (p1, housing, d(3, 5)),
        (p2, money, d(3, 10)),
        (p3, NeedCategory.LONELINESS, d(2, 20)),
        (p4, money, d(3, 15)),
        (p6, housing, d(3, 15)),
    ):
        NeedFactory(patient=patient, category=category, identified_on=on, recorded_by=by)
    for patient, kind, on, outcome in (
        (p1, SupportKind.SIGNPOSTED, d(3, 3), SupportOutcome.ENGAGED),
        (p2, SupportKind.REFERRED, d(3, 11), SupportOutcome.COMPLETED),
        (p4, SupportKind.REFERRED, d(3, 16), SupportOutcome.PENDING),
        (p5, SupportKind.REFERRED, d(2, 1), SupportOutcome.PENDING),
        (p6, SupportKind.SIGNPOSTED, d(3, 3), SupportOutcome.ENGAGED),
    ):
        SupportOfferFactory(
            patient=patient, kind=kind, offered_on=on, outcome=outcome, recorded_by=by
        )
    return ReportData(
        world=world,
        lw1=lw1,
        lw2=lw2,
        patients={"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6},
        referrals={"r1": r1, "r2": r2, "r3": r3, "r4": r4, "r5": r5},
        cases={"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5},
    )


@pytest.fixture
def another_link_worker(world):
    """A third link worker of service A with nothing on their caseload."""
    return LinkWorkerFactory(service=world.service, username="lw-empty")
