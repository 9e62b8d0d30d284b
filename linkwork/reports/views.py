"""The report pages: the report itself, the records behind each figure, CSV and PDF.

What a user sees is decided by ``policy.report_scope``: managers their service, administrators
every service, link workers their own caseload ("My figures"), GPs their practice's referrals
and outcomes. A figure or table outside the scope is a 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from linkwork.accounts import policy
from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record
from linkwork.csv_export import csv_response
from linkwork.reports import figures, selectors
from linkwork.reports.forms import ReportFilterForm
from linkwork.reports.scope import ReportScope

RECORDS_PAGE_SIZE = 25

_RECORD_LOADING = {
    figures.PATIENT: (("practice", "holder"), ("family_name", "given_name", "pk")),
    figures.REFERRAL: (("patient__practice",), ("-received_on", "pk")),
    figures.CASE: (("patient", "holder"), ("-created_at", "pk")),
    figures.DEADLINE: (("case__patient", "case__holder"), ("due", "pk")),
    figures.NEED: (("patient",), ("-identified_on", "pk")),
    figures.SUPPORT: (("patient",), ("-offered_on", "pk")),
}


#: What each kind of record a figure lists is limited to: the rows the policy lets the user
#: open, as (the policy's condition, the path to the record it is about). A figure may count
#: records its drill-down never lists to the user (administrators count every service's appeal
#: cases but open none of them).
_VISIBLE_TO = {
    figures.PATIENT: (policy.patient_condition, ""),
    figures.REFERRAL: (policy.patient_condition, "patient__"),
    figures.CASE: (policy.case_condition, ""),
    figures.DEADLINE: (policy.case_condition, "case__"),
    figures.NEED: (policy.patient_condition, "patient__"),
    figures.SUPPORT: (policy.patient_condition, "patient__"),
}


def _scope(request: HttpRequest) -> ReportScope:
    scope = policy.report_scope(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


def _form(request: HttpRequest, scope: ReportScope) -> ReportFilterForm:
    return ReportFilterForm(request.GET, scope=scope, today=timezone.localdate())


def _valid_form(request: HttpRequest, scope: ReportScope) -> ReportFilterForm:
    """The filters of a link to records, CSV or PDF; filters outside the scope are a 404."""
    form = _form(request, scope)
    if not form.is_valid():
        raise Http404("These report filters are not valid.")
    return form


def _link(sections: list[selectors.Section], query: str) -> None:
    """Give every figure the address of its records and every table its CSV."""
    for section in sections:
        for table in section.tables:
            table.csv_url = f"{reverse('reports:csv', args=[table.key])}?{query}"
            for row in table.rows:
                for cell in row:
                    if cell.figure:
                        extra = f"&{urlencode({'group': cell.group})}" if cell.group else ""
                        cell.url = (
                            f"{reverse('reports:records', args=[cell.figure])}?{query}{extra}"
                        )


@never_cache
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = _form(request, scope)
    sections: list[selectors.Section] = []
    context = {"form": form, "scope": scope, "sections": sections}
    if form.is_valid():
        ctx = form.context()
        query = form.query()
        sections += selectors.report_sections(ctx)
        _link(sections, query)
        context |= {
            "period": selectors.period_label(ctx.start, ctx.end),
            "pdf_url": f"{reverse('reports:pdf')}?{query}",
            "all_empty": all(t.is_empty for s in sections for t in s.tables),
        }
    audit_record(request=request, action=AuditAction.VIEW, detail=f"Report: {scope.title}")
    return render(request, "reports/report.html", context)


def _check_group(
    form: ReportFilterForm, ctx: figures.ReportContext, figure: figures.Figure, group: str
) -> None:
    """A group naming a link worker or practice must be one the user may see (else 404)."""
    if not group:
        return
    name, _, value = group.partition(":")
    if name not in figure.groups:
        raise Http404("No such group.")
    if name == "worker":
        if value == figures.NO_WORKER:
            allowed = form.scope.worker_id is None
        else:
            allowed = selectors.may_narrow_to_worker(ctx, value)
        if not allowed:
            raise Http404("No such link worker.")
    if name == "practice" and value not in form.practice_ids():
        raise Http404("No such practice.")


@never_cache
@require_GET
def records(request: HttpRequest, figure: str) -> HttpResponse:
    """The records behind one figure (or one cell of a table)."""
    scope = _scope(request)
    definition = figures.FIGURES.get(figure)
    if definition is None or not scope.shows(definition.section):
        raise Http404("No such figure.")
    form = _valid_form(request, scope)
    group = request.GET.get("group", "")
    ctx = form.context()
    _check_group(form, ctx, definition, group)
    try:
        queryset = definition.queryset(ctx, group)
    except ValueError as error:
        raise Http404("No such group.") from error
    related, order = _RECORD_LOADING[definition.lists]
    visible, path = _VISIBLE_TO[definition.lists]
    queryset = (
        queryset.filter(visible(request.user, path)).select_related(*related).order_by(*order)
    )
    page = Paginator(queryset, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(request=request, action=AuditAction.VIEW, detail=f"Report records: {figure}")
    context = {
        "figure": definition,
        "page": page,
        "scope": scope,
        "period": selectors.period_label(ctx.start, ctx.end),
        "back_url": f"{reverse('reports:index')}?{form.query()}",
        "today": ctx.today,
    }
    return render(request, "reports/records.html", context)


@never_cache
@require_GET
def export_csv(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the report as CSV, with the filters of the page it came from."""
    scope = _scope(request)
    section = selectors.table_section(table)
    if section is None or not scope.shows(section):
        raise Http404("No such table.")
    form = _valid_form(request, scope)
    ctx = form.context()
    (built,) = selectors.report_sections(ctx, only=section)
    chosen = next(t for t in built.tables if t.key == table)
    audit_record(
        request=request,
        action=AuditAction.EXPORT,
        detail=f"Report CSV: {table}, {ctx.start:%Y-%m-%d} to {ctx.end:%Y-%m-%d}",
    )
    rows = ([cell.value for cell in row] for row in chosen.rows)
    filename = f"{table}-{ctx.start:%Y-%m-%d}-to-{ctx.end:%Y-%m-%d}"
    return csv_response(filename, chosen.columns, rows)


@never_cache
@require_GET
def export_pdf(request: HttpRequest) -> HttpResponse:
    """The report page as a printable PDF (tables only: charts need a browser), laid out by the
    same WeasyPrint pipeline as letters, whose URL fetcher refuses everything but ``data:``
    URLs and the letter assets."""
    scope = _scope(request)
    form = _valid_form(request, scope)
    ctx = form.context()
    sections = selectors.report_sections(ctx)
    html = render_to_string(
        "reports/pdf.html",
        {
            "scope": scope,
            "sections": sections,
            "period": selectors.period_label(ctx.start, ctx.end),
            "generated": timezone.localtime(),
            "user": request.user,
            "service_name": settings.SERVICE_NAME,
        },
    )
    # The letters' WeasyPrint pipeline (no network, no files), loaded when a PDF is asked for.
    from appeals.letters.rendering import render_pdf

    pdf = render_pdf(html).data
    audit_record(
        request=request,
        action=AuditAction.EXPORT,
        detail=f"Report PDF, {ctx.start:%Y-%m-%d} to {ctx.end:%Y-%m-%d}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="report-{ctx.start:%Y-%m-%d}-to-{ctx.end:%Y-%m-%d}.pdf"'
    )
    return response
