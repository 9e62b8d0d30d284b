"""The report pages through the test client: who sees what, links to records, CSV, PDF,
bad input, empty data, caching, auditing and query counts."""

import csv
import datetime
import io
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import AuditAction, AuditEvent
from patients.models import PatientStatus
from tests.factories import (
    LinkWorkerFactory,
    ManagerFactory,
    PatientFactory,
    ReferralFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

MARCH = {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}
INDEX = reverse("reports:index")


def records_url(figure: str, **params) -> str:
    return f"{reverse('reports:records', args=[figure])}?" + "&".join(
        f"{k}={v}" for k, v in {**MARCH, **params}.items()
    )


def test_manager_sees_every_section_with_links_to_records(client, report_data):
    client.force_login(report_data.world.manager)
    response = client.get(INDEX, MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Caseload", "Referrals", "Appeals", "Outcomes", "Needs and support"):
        assert f">{heading}</h2>" in html
    assert "1 March 2026 to 31 March 2026" in html
    assert "Over capacity" in html
    assert reverse("reports:records", args=["first_contact_overdue"]) in html
    assert 'class="report-chart"' in html
    assert "<script>" not in html  # charts come from static/js/reports.js


def test_figure_links_to_the_records_behind_it(client, report_data):
    """From "2 overdue first contacts" to those referrals: the link on the page opens a list
    with exactly the counted records. (Overdue is as of the real today, after both due dates;
    R1 and R3 were contacted.)"""
    client.force_login(report_data.world.manager)
    response = client.get(INDEX, MARCH)
    section = next(s for s in response.context["sections"] if s.key == "referrals")
    table = next(t for t in section.tables if t.key == "first_contact")
    overdue = table.rows[3][1]
    assert overdue.value == 2
    listing = client.get(overdue.url)
    assert listing.status_code == 200
    shown = {r.pk for r in listing.context["page"].object_list}
    assert shown == {report_data.referrals["r2"].pk, report_data.referrals["r4"].pk}
    assert report_data.patients["p2"].full_name in listing.content.decode()


def test_caseload_cell_lists_that_link_workers_patients(client, report_data):
    client.force_login(report_data.world.manager)
    response = client.get(records_url("active", group=f"worker:{report_data.lw1.pk}"))
    names = {p.full_name for p in response.context["page"].object_list}
    expected = {report_data.patients[k].full_name for k in ("p1", "p2", "p5")}
    assert names == expected


def test_deactivated_link_workers_rows_lead_to_their_records(client, report_data):
    """LW2 holds P3 and the successful appeal C3; once deactivated, their caseload and income
    rows still link to records that open, listing what the row counted."""
    report_data.lw2.is_active = False
    report_data.lw2.save()
    client.force_login(report_data.world.manager)
    response = client.get(INDEX, MARCH)
    by_key = {t.key: t for s in response.context["sections"] for t in s.tables}
    label = f"{report_data.lw2} (deactivated)"
    caseload_row = next(r for r in by_key["caseload"].rows if r[0].value == label)
    closed = client.get(caseload_row[3].url)
    assert closed.status_code == 200
    assert list(closed.context["page"].object_list) == [report_data.patients["p3"]]
    income_row = next(r for r in by_key["income_by_worker"].rows if r[0].value.endswith(")"))
    won = client.get(income_row[1].url)
    assert won.status_code == 200
    assert [c.pk for c in won.context["page"].object_list] == [report_data.cases["c3"].pk]


def test_worker_group_of_another_service_is_not_found(client, report_data):
    outsider = report_data.world.link_worker_other_service
    outsider.is_active = False
    outsider.save()
    client.force_login(report_data.world.manager)
    assert client.get(records_url("active", group=f"worker:{outsider.pk}")).status_code == 404
    assert client.get(records_url("active", group="worker:not-a-uuid")).status_code == 404


def test_link_worker_sees_my_figures_only(client, report_data):
    client.force_login(report_data.lw1)
    response = client.get(INDEX, MARCH)
    html = response.content.decode()
    assert response.status_code == 200
    assert "My figures" in html
    assert [s.key for s in response.context["sections"]] == ["caseload"]
    assert str(report_data.lw2) not in html
    assert "Not assigned to a link worker" not in html
    assert 'name="worker"' not in html


def test_link_worker_cannot_open_another_link_workers_records(client, report_data):
    client.force_login(report_data.lw1)
    response = client.get(records_url("active", group=f"worker:{report_data.lw2.pk}"))
    assert response.status_code == 404
    response = client.get(records_url("referrals_received"))
    assert response.status_code == 404  # no referrals section in "My figures"


def test_gp_sees_their_practice_summary_and_its_records_only(client, report_data):
    world = report_data.world
    client.force_login(world.gp)
    response = client.get(INDEX, MARCH)
    assert [s.key for s in response.context["sections"]] == ["referrals", "outcomes"]
    html = response.content.decode()
    assert "Practice summary" in html
    assert "Practice A2" not in html
    listing = client.get(records_url("referrals_received"))
    shown = {r.pk for r in listing.context["page"].object_list}
    assert shown == {report_data.referrals["r1"].pk, report_data.referrals["r2"].pk}
    assert client.get(records_url("active")).status_code == 404


def test_gp_of_other_practice_sees_none_of_this_practices_patients(client, report_data):
    client.force_login(report_data.world.gp_other_practice)
    listing = client.get(records_url("referrals_received"))
    shown = {r.pk for r in listing.context["page"].object_list}
    assert shown == {report_data.referrals["r3"].pk, report_data.referrals["r4"].pk}
    group = f"practice:{report_data.world.practice.pk}"
    assert client.get(records_url("referrals_received", group=group)).status_code == 404


def test_manager_of_other_service_cannot_filter_to_this_service(client, report_data):
    world = report_data.world
    client.force_login(world.manager_other_service)
    response = client.get(INDEX, {**MARCH, "practice": str(world.practice.pk)})
    assert response.status_code == 200
    assert response.context["sections"] == []
    assert "Select a valid choice" in response.content.decode()
    assert client.get(records_url("active", practice=world.practice.pk)).status_code == 404
    assert (
        client.get(records_url("active", group=f"worker:{world.link_worker.pk}")).status_code == 404
    )
    csv_url = reverse("reports:csv", args=["caseload"])
    assert client.get(csv_url, {**MARCH, "worker": world.link_worker.pk}).status_code == 404


def test_administrator_filters_by_service(client, report_data):
    world = report_data.world
    client.force_login(world.administrator)
    response = client.get(INDEX, {**MARCH, "service": str(world.other_service.pk)})
    assert 'name="service"' in response.content.decode()
    section = next(s for s in response.context["sections"] if s.key == "referrals")
    month = section.tables[0].rows[0][1]
    assert month.value == 1
    assert f"service={world.other_service.pk}" in month.url
    assert client.get(month.url).context["page"].paginator.count == 1


@pytest.mark.parametrize(
    "figure", ["open_appeals", "appeals_successful", "overdue_deadlines", "deadlines_due"]
)
def test_administrator_lists_no_appeal_cases_or_deadlines_they_cannot_open(
    client, report_data, figure
):
    """Appeal cases are for the service's staff: the report counts them for an administrator,
    but its records page lists none of them, as the case pages would not open them."""
    client.force_login(report_data.world.administrator)
    response = client.get(records_url(figure))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    html = response.content.decode()
    for patient in report_data.patients.values():
        assert patient.full_name not in html
    for case in report_data.cases.values():
        assert str(case.pk) not in html


def test_administrator_still_lists_the_patients_and_referrals_they_may_open(client, report_data):
    client.force_login(report_data.world.administrator)
    active = client.get(records_url("active", group=f"worker:{report_data.lw1.pk}"))
    assert {p.pk for p in active.context["page"].object_list} == {
        report_data.patients[k].pk for k in ("p1", "p2", "p5")
    }
    overdue = client.get(records_url("first_contact_overdue"))
    assert {r.pk for r in overdue.context["page"].object_list} >= {
        report_data.referrals["r2"].pk,
        report_data.referrals["r4"].pk,
    }


def test_managers_are_not_offered_a_service_filter(client, world):
    client.force_login(world.manager)
    html = client.get(INDEX).content.decode()
    assert 'name="service"' not in html
    assert 'name="practice"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "custom", "start": "2026-03-31", "end": "2026-03-01"}, "The last day must be"),
        ({"period": "custom", "start": "2026-13-01", "end": "2026-03-01"}, "Enter a valid date"),
        ({"period": "custom"}, "Enter the first day of the period"),
        ({"period": "custom", "start": "2010-01-01", "end": "2026-01-01"}, "five years or less"),
        ({"period": "next_century"}, "Select a valid choice"),
    ],
)
def test_bad_filters_show_an_error_summary_not_an_error_page(client, world, params, message):
    client.force_login(world.manager)
    response = client.get(INDEX, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html


def test_bad_filters_on_a_records_link_are_not_found(client, world):
    client.force_login(world.manager)
    url = reverse("reports:records", args=["active"])
    assert client.get(url, {"period": "custom", "start": "nonsense"}).status_code == 404
    assert client.get(url, {"group": "worker:not-a-uuid"}).status_code == 404
    assert client.get(url, {"group": "colour:blue"}).status_code == 404
    assert client.get(reverse("reports:records", args=["no-such-figure"])).status_code == 404


def test_new_service_shows_zeros_and_an_explanation(client, db):
    manager = ManagerFactory(service=ServiceFactory(name="New service"))
    client.force_login(manager)
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing to report for this period yet" in html
    assert "No link workers in this service yet." in html
    assert "Nothing to count in this period." in html


def test_default_period_is_this_month(client, world):
    client.force_login(world.manager)
    response = client.get(INDEX)
    today = timezone.localdate()
    assert f"1 {today:%B %Y} to {today.day} {today:%B %Y}" in response.content.decode()


def test_report_pages_are_never_cached_and_audited(client, report_data):
    client.force_login(report_data.world.manager)
    for url in (f"{INDEX}?period=this_month", records_url("active")):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"]
    details = set(AuditEvent.objects.values_list("detail", flat=True))
    assert {"Report: Service report", "Report records: active"} <= details


# CSV


def test_csv_of_the_caseload_table(client, report_data):
    report_data.lw1.first_name = "=HYPERLINK(1)"
    report_data.lw1.last_name = "Smith"
    report_data.lw1.save()
    client.force_login(report_data.world.manager)
    response = client.get(reverse("reports:csv", args=["caseload"]), MARCH)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "caseload-2026-03-01-to-2026-03-31.csv" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Link worker", "Active", "New this period"]
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name["'=HYPERLINK(1) Smith"] == ["3", "2", "0", "1", "1", "1", "3", "2"]
    assert by_name["Not assigned to a link worker"] == ["1", "1", "0", "1", "", "", "1", ""]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail == "Report CSV: caseload, 2026-03-01 to 2026-03-31"


def test_csv_of_income_gained(client, report_data):
    client.force_login(report_data.world.manager)
    response = client.get(reverse("reports:csv", args=["income_by_practice"]), MARCH)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Practice",
            "Cases won",
            "Annualised award gained (£)",
            "Backdated arrears (£)",
            "Total (£)",
        ],
        ["Practice A1", "1", "5000.00", "1200.50", "6200.50"],
        ["Practice A2", "1", "1000.00", "0.00", "1000.00"],
    ]


def test_every_table_on_the_page_has_a_working_csv(client, report_data):
    client.force_login(report_data.world.manager)
    response = client.get(INDEX, MARCH)
    tables = [t for s in response.context["sections"] for t in s.tables]
    assert len(tables) == 17
    for table in tables:
        download = client.get(table.csv_url)
        assert download.status_code == 200, table.key
        header = next(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
        assert header == table.columns


def test_unknown_csv_table_is_not_found(client, world):
    client.force_login(world.manager)
    assert client.get(reverse("reports:csv", args=["passwords"])).status_code == 404


# PDF


def test_pdf_of_the_report_reads_back_with_the_figures(client, report_data):
    client.force_login(report_data.world.manager)
    response = client.get(reverse("reports:pdf"), MARCH)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Service report" in text
    assert "Caseload by link worker" in text
    assert "Income gained for patients, by practice" in text
    assert "6200.50" in text
    assert "over capacity" in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail == "Report PDF, 2026-03-01 to 2026-03-31"


def test_pdf_for_a_link_worker_has_only_their_figures(client, report_data):
    client.force_login(report_data.lw1)
    response = client.get(reverse("reports:pdf"), MARCH)
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "My figures" in text
    assert "Referrals" not in text
    assert str(report_data.lw2) not in text


# Query counts


def _grow(world, extra: int) -> None:
    """More link workers, patients and referrals in service A."""
    for _ in range(extra):
        worker = LinkWorkerFactory(service=world.service)
        for _ in range(3):
            patient = PatientFactory(practice=world.practice, holder=worker)
            ReferralFactory(
                patient=patient,
                received_on=datetime.date(2026, 3, 3),
                created_by=world.manager,
            )
        PatientFactory(practice=world.other_practice, status=PatientStatus.CLOSED)


def _queries(client, url, params, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (INDEX, MARCH),
        (reverse("reports:records", args=["new"]), MARCH),
        (reverse("reports:csv", args=["caseload"]), MARCH),
    ],
)
def test_query_count_does_not_grow_with_the_data(
    client, report_data, django_assert_max_num_queries, url, params
):
    client.force_login(report_data.world.manager)
    small = _queries(client, url, params, django_assert_max_num_queries, 60)
    _grow(report_data.world, 12)
    large = _queries(client, url, params, django_assert_max_num_queries, small)
    assert large == small


def test_records_list_is_paginated(client, report_data):
    _grow(report_data.world, 10)
    client.force_login(report_data.world.manager)
    response = client.get(records_url("referrals_received"))
    page = response.context["page"]
    assert page.paginator.count == 34  # 4 + 10 x 3
    assert len(page.object_list) == 25
    query = parse_qs(urlsplit(records_url("referrals_received")).query)
    second = client.get(
        reverse("reports:records", args=["referrals_received"]), {**query, "page": 2}
    )
    assert len(second.context["page"].object_list) == 9


def test_pdf_shows_markup_typed_into_names_as_text(client, report_data):
    practice = report_data.world.practice
    practice.name = '<img src="file:///etc/passwd"> Surgery'
    practice.save()
    client.force_login(report_data.world.manager)
    response = client.get(reverse("reports:pdf"), MARCH)
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert '<img src="file:///etc/passwd"> Surgery' in text
    assert "root:" not in text
