"""Each figure of the report against the hand-computed data set in ``conftest.py``."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwork.accounts.policy import report_scope
from linkwork.reports import figures, selectors
from linkwork.reports.scope import ALL_SECTIONS
from referrals.models import DeclineReason, ReferralSource, ReferralStatus
from tests.factories import LinkWorkerFactory, ManagerFactory, PracticeFactory, ServiceFactory
from tests.reports.conftest import END, START, TODAY, _referral, at, d

pytestmark = pytest.mark.django_db


def tables(ctx, section: str = "") -> dict:
    built = selectors.report_sections(ctx, only=section)
    return {table.key: table for s in built for table in s.tables}


def values(table) -> dict:
    """Row label -> the row's values after the label."""
    return {str(row[0].value): [cell.value for cell in row[1:]] for row in table.rows}


# Caseload


def test_caseload_per_link_worker(report_data):
    ctx = report_data.context(report_data.world.manager)
    rows = values(tables(ctx, "caseload")["caseload"])
    # active, new, closed, awaiting, overdue deadlines, open appeals, last year, capacity
    assert rows[str(report_data.lw1)] == [3, 2, 0, 1, 1, 1, 3, 2]
    assert rows[str(report_data.lw2)] == [0, 1, 1, 0, 1, 1, 1, 2]
    assert rows["Not assigned to a link worker"] == [1, 1, 0, 1, None, None, 1, None]
    assert str(report_data.world.link_worker_other_service) not in rows


def test_caseload_and_appeals_of_one_report_count_deadlines_and_open_cases_once(report_data):
    manager = report_data.world.manager
    with CaptureQueriesContext(connection) as alone_queries:
        alone = tables(report_data.context(manager), "appeals")
    ctx = report_data.context(manager)
    tables(ctx, "caseload")
    with CaptureQueriesContext(connection) as shared_queries:
        shared = tables(ctx, "appeals")
    # Read for the caseload already: the service's practices, the deadlines, the open cases.
    assert len(shared_queries) == len(alone_queries) - 3
    assert {k: values(t) for k, t in shared.items()} == {k: values(t) for k, t in alone.items()}


@pytest.mark.parametrize("period", [(START, END), (START.replace(month=1), END)])
def test_caseload_counts_match_the_records_each_figure_lists(report_data, period):
    """The table counts every figure in one grouped query; each figure's drill-down lists
    its own records. They agree per link worker, and a patient with several referrals in the
    period counts once."""
    by = report_data.world.manager
    _referral(
        report_data.patients["p1"], by, received=period[0], source=ReferralSource.GP,
        due=period[0],
    )  # fmt: skip
    base = report_data.context(by)
    ctx = figures.ReportContext(scope=base.scope, start=period[0], end=period[1], today=TODAY)
    counts = selectors.caseload_counts(ctx)["patients"]
    for key in selectors.PATIENT_FIGURES:
        listed = figures.FIGURES[key].queryset(ctx)
        for holder in (report_data.lw1, report_data.lw2, None):
            expected = listed.filter(holder=holder).count()
            assert counts.get(getattr(holder, "pk", None), {}).get(key, 0) == expected, key


def test_deactivated_link_worker_keeps_a_row_for_the_patients_they_hold(report_data):
    """Every patient counted is in some row: deactivating LW2 (who holds P3, C3 and C4) must not
    make their figures disappear from the table."""
    report_data.lw2.is_active = False
    report_data.lw2.save()
    ctx = report_data.context(report_data.world.manager)
    rows = values(tables(ctx, "caseload")["caseload"])
    assert rows[f"{report_data.lw2} (deactivated)"] == [0, 1, 1, 0, 1, 1, 1, 2]
    assert str(report_data.lw2) not in rows
    assert rows[str(report_data.lw1)] == [3, 2, 0, 1, 1, 1, 3, 2]


def test_deactivated_link_worker_without_patients_has_no_row(report_data):
    report_data.world.link_worker_other_service.is_active = False
    report_data.world.link_worker_other_service.save()
    idle = LinkWorkerFactory(service=report_data.world.service, is_active=False)
    rows = values(tables(report_data.context(report_data.world.manager), "caseload")["caseload"])
    assert not any(str(idle) in label for label in rows)


def test_capacity_warning_only_for_link_worker_over_capacity(report_data):
    ctx = report_data.context(report_data.world.manager)
    table = tables(ctx, "caseload")["caseload"]
    warnings = {str(row[0].value): row[7].warning for row in table.rows}
    assert "Over capacity: 3 people in the last year against 2." in warnings[str(report_data.lw1)]
    assert warnings[str(report_data.lw2)] == ""


def test_link_worker_sees_only_their_own_caseload_row(report_data):
    ctx = report_data.context(report_data.lw1)
    built = selectors.report_sections(ctx)
    assert [section.key for section in built] == ["caseload"]
    rows = values(built[0].tables[0])
    assert list(rows) == [str(report_data.lw1)]
    assert rows[str(report_data.lw1)] == [3, 2, 0, 1, 1, 1, 3, 2]


def test_practice_filter_narrows_the_caseload(report_data):
    ctx = report_data.context(
        report_data.world.manager, practice_id=report_data.world.other_practice.pk
    )
    rows = values(tables(ctx, "caseload")["caseload"])
    assert rows[str(report_data.lw1)][:4] == [0, 0, 0, 0]
    assert rows[str(report_data.lw2)][:4] == [0, 1, 1, 0]


# Referrals


def test_referrals_received_per_month_by_source_and_practice(report_data):
    built = tables(report_data.context(report_data.world.manager), "referrals")
    assert values(built["referrals_by_month"]) == {"March 2026": [4]}
    assert values(built["referrals_by_source"]) == {
        "GP": [2],
        "Other clinician": [0],
        "Self-referral": [1],
        "Community organisation": [1],
    }
    assert values(built["referrals_by_practice"]) == {"Practice A1": [2], "Practice A2": [2]}


def test_practice_without_referrals_shows_zero(report_data):
    PracticeFactory(service=report_data.world.service, name="Practice A3")
    built = tables(report_data.context(report_data.world.manager), "referrals")
    assert values(built["referrals_by_practice"]) == {
        "Practice A1": [2],
        "Practice A2": [2],
        "Practice A3": [0],
    }


def test_referral_acceptance_and_decline_rates_and_reasons(report_data):
    built = tables(report_data.context(report_data.world.manager), "referrals")
    assert values(built["referral_decisions"]) == {
        "Received": [4, "100%"],
        "Accepted": [1, "25%"],
        "Declined": [1, "25%"],
        "Not yet accepted or declined": [2, "50%"],
    }
    reasons = values(built["decline_reasons"])
    assert reasons["Patient did not want the service"] == [1, "100%"]
    assert reasons["Other"] == [0, "0%"]


def test_declines_add_up_across_months_sources_and_practices(report_data):
    """Two more declines, in February (inside a longer period) from another source and
    practice, with another reason and the same one: each reason sums every group."""
    by = report_data.world.manager
    other = report_data.patients["p4"]  # practice A2
    for received, source, reason in (
        (d(2, 3), ReferralSource.SELF, DeclineReason.PATIENT_DECLINED),
        (d(3, 20), ReferralSource.COMMUNITY, DeclineReason.OTHER),
    ):
        _referral(
            other, by, received=received, source=source, due=received,
            decline_reason=reason, moves=[(ReferralStatus.DECLINED, at(3, 25))],
        )  # fmt: skip
    ctx = report_data.context(by)
    ctx = figures.ReportContext(
        scope=ctx.scope, start=ctx.start.replace(month=2), end=ctx.end, today=ctx.today
    )
    built = tables(ctx, "referrals")
    assert values(built["referral_decisions"]) == {
        "Received": [6, "100%"],
        "Accepted": [1, "17%"],
        "Declined": [3, "50%"],
        "Not yet accepted or declined": [2, "33%"],
    }
    reasons = values(built["decline_reasons"])
    assert reasons["Patient did not want the service"] == [2, "67%"]
    assert reasons["Other"] == [1, "33%"]
    assert values(built["referrals_by_month"]) == {"February 2026": [1], "March 2026": [5]}


def test_referrals_section_counts_in_a_fixed_number_of_queries(
    report_data, django_assert_num_queries
):
    """One grouped pass for every count of the referrals received, the practices, the
    percentiles and the overdue count, however many referrals there are."""
    # The service's practices, the grouped pass, the practice names, the percentiles and the
    # overdue count (the percentiles take three queries on SQLite).
    expected = 5 if connection.vendor == "postgresql" else 7
    with django_assert_num_queries(expected):
        tables(report_data.context(report_data.world.manager), "referrals")
    for month in (1, 2, 3):
        _referral(
            report_data.patients["p2"], report_data.world.manager, received=d(3, month),
            source=ReferralSource.GP, due=d(3, 20),
        )  # fmt: skip
    with django_assert_num_queries(expected):
        tables(report_data.context(report_data.world.manager), "referrals")


def test_days_to_first_contact_median_and_90th_percentile(report_data):
    built = tables(report_data.context(report_data.world.manager), "referrals")
    # Contacted in 2 and 10 days: median 6, 90th percentile 2 + 0.9 * 8 = 9.2.
    assert values(built["first_contact"]) == {
        "Referrals contacted": [2],
        "Median days to first contact": [6.0],
        "90th percentile days to first contact": [9.2],
        "Overdue first contacts today": [1],
    }


def test_months_without_referrals_show_zero(report_data):
    ctx = report_data.context(report_data.world.manager)
    ctx = figures.ReportContext(
        scope=ctx.scope, start=ctx.start.replace(month=1), end=ctx.end, today=ctx.today
    )
    months = values(tables(ctx, "referrals")["referrals_by_month"])
    assert months == {"January 2026": [1], "February 2026": [0], "March 2026": [4]}


def test_gp_summary_counts_only_their_practice(report_data):
    ctx = report_data.context(report_data.world.gp)
    built = selectors.report_sections(ctx)
    assert [section.key for section in built] == ["referrals", "outcomes"]
    by_key = {table.key: table for section in built for table in section.tables}
    assert values(by_key["referrals_by_practice"]) == {"Practice A1": [2]}
    assert values(by_key["referral_decisions"])["Received"] == [2, "100%"]


def test_link_worker_filter_counts_referrals_of_their_patients(report_data):
    ctx = report_data.context(report_data.world.manager, worker_id=report_data.lw1.pk)
    built = tables(ctx, "referrals")
    assert values(built["referrals_by_month"]) == {"March 2026": [2]}


# Appeals


def test_open_appeal_cases_by_stage(report_data):
    rows = values(tables(report_data.context(report_data.world.manager), "appeals")[
        "appeals_by_stage"
    ])  # fmt: skip
    assert rows["With DWP"] == [1]
    assert rows["MR decided"] == [1]
    assert sum(value for (value,) in rows.values()) == 2
    assert "Closed" not in rows


def test_appeal_outcomes_success_rates_time_and_motability(report_data):
    built = tables(report_data.context(report_data.world.manager), "appeals")
    assert values(built["appeal_outcomes"]) == {
        "Decision in favour of the appellant": [1, "33%"],
        "Decision partly in favour": [0, "0%"],
        "DWP decision upheld": [1, "33%"],
        "DWP revised its decision (appeal lapsed)": [1, "33%"],
    }
    assert values(built["appeal_summary"]) == {
        "MR decided in the period": [3, None],
        "MR success (decision changed)": [1, "33%"],
        "Tribunal success (in favour or partly)": [1, "50%"],
        "Lapsed: DWP revised its decision": [1, "33%"],
        "Median days from decision to outcome": [83.0, None],  # of 135, 83 and 30
        "Motability cars kept": [1, None],
    }


def test_deadlines_met_and_missed(report_data):
    built = tables(report_data.context(report_data.world.manager), "appeals")
    assert values(built["deadlines"]) == {
        "Met": [1],
        "Missed": [1],
        "Still open": [0],
        "Waived": [1],
    }


def test_income_gained_per_link_worker_and_practice(report_data):
    built = tables(report_data.context(report_data.world.manager), "appeals")
    by_worker = values(built["income_by_worker"])
    assert by_worker == {
        report_data.lw1.get_full_name(): [
            1,
            Decimal("5000.00"),
            Decimal("1200.50"),
            Decimal("6200.50"),
        ],
        report_data.lw2.get_full_name(): [
            1,
            Decimal("1000.00"),
            Decimal("0.00"),
            Decimal("1000.00"),
        ],
    }
    assert values(built["income_by_practice"]) == {
        "Practice A1": [1, Decimal("5000.00"), Decimal("1200.50"), Decimal("6200.50")],
        "Practice A2": [1, Decimal("1000.00"), Decimal("0.00"), Decimal("1000.00")],
    }


def test_income_of_a_deactivated_link_worker_is_marked(report_data):
    report_data.lw2.is_active = False
    report_data.lw2.save()
    built = tables(report_data.context(report_data.world.manager), "appeals")
    by_worker = values(built["income_by_worker"])
    assert by_worker[f"{report_data.lw2.get_full_name()} (deactivated)"][0] == 1


# Outcomes


def test_ons4_mean_change_per_question(report_data):
    rows = values(tables(report_data.context(report_data.world.manager), "outcomes")["ons4"])
    # P1: 4,5,3,8 -> 7,6,6,4; P2: 2,2,2,6 -> 4,5,2,6 (its April follow-up is after the period).
    assert [row[:4] for row in rows.values()] == [
        [2, 3.0, 5.5, 2.5],
        [2, 3.5, 5.5, 2.0],
        [2, 2.5, 4.0, 1.5],
        [2, 7.0, 5.0, -2.0],
    ]


# Needs and support


def test_most_common_needs_and_support_by_type(report_data):
    built = tables(report_data.context(report_data.world.manager), "needs")
    assert values(built["needs"]) == {"Benefits and money": [3, 3], "Housing": [1, 1]}
    assert list(values(built["needs"])) == ["Benefits and money", "Housing"]
    assert values(built["support_by_kind"]) == {"Signposted": [1], "Referred": [2]}
    outcomes = values(built["support_by_outcome"])
    assert outcomes["Waiting to hear"] == [1]
    assert outcomes["Engaged"] == [1]
    assert outcomes["Completed"] == [1]
    assert outcomes["Declined by patient"] == [0]


# Every figure and its records


def test_every_count_matches_the_records_behind_it(report_data):
    """Each whole-number figure that links to records equals the number of those records."""
    ctx = report_data.context(report_data.world.manager)
    checked = 0
    for section in selectors.report_sections(ctx):
        for table in section.tables:
            for row in table.rows:
                for cell in row:
                    if cell.figure and type(cell.value) is int:
                        figure = figures.FIGURES[cell.figure]
                        assert figure.queryset(ctx, cell.group).count() == cell.value, (
                            table.key,
                            row[0].value,
                            cell.figure,
                            cell.group,
                        )
                        checked += 1
    assert checked > 50


def test_service_b_manager_sees_only_service_b(report_data):
    ctx = report_data.context(report_data.world.manager_other_service)
    built = tables(ctx)
    assert values(built["referrals_by_month"]) == {"March 2026": [1]}
    assert values(built["income_by_practice"]) == {
        "Practice B1": [1, Decimal("999.00"), Decimal("0.00"), Decimal("999.00")]
    }
    assert str(report_data.lw1) not in values(built["caseload"])


def test_administrator_counts_every_service(report_data):
    ctx = report_data.context(report_data.world.administrator)
    assert ctx.scope.sections == ALL_SECTIONS
    assert values(tables(ctx, "referrals")["referrals_by_month"]) == {"March 2026": [5]}


def test_administrator_can_narrow_to_one_service(report_data):
    ctx = report_data.context(
        report_data.world.administrator, service_id=report_data.world.other_service.pk
    )
    assert values(tables(ctx, "referrals")["referrals_by_month"]) == {"March 2026": [1]}
    rows = values(tables(ctx, "caseload")["caseload"])
    assert str(report_data.world.link_worker_other_service) in rows
    assert str(report_data.lw1) not in rows


def test_a_manager_cannot_widen_their_scope_to_another_service(report_data):
    ctx = report_data.context(
        report_data.world.manager, service_id=report_data.world.other_service.pk
    )
    assert values(tables(ctx, "referrals")["referrals_by_month"]) == {"March 2026": [4]}


# Empty data and query counts


def test_new_service_shows_zeros_not_errors(world):
    manager = ManagerFactory(service=ServiceFactory(name="Brand new service"))
    ctx = figures.ReportContext(scope=report_scope(manager), start=START, end=END, today=TODAY)
    built = tables(ctx)
    assert all(table.is_empty for table in built.values())
    assert built["caseload"].rows == []
    assert values(built["first_contact"])["Median days to first contact"] == [None]
    assert values(built["referral_decisions"])["Accepted"] == [0, None]
    assert values(built["ons4"])["Overall, how happy did you feel yesterday?"][:2] == [0, None]
