"""Statement pages. Each view fetches through the policy's scope (404 outside it), checks the
predicate before a change (403, with the reason on the page), records the access in the audit
log, and lets a service do the write. Pages show patient data, so none is cached."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appeals import selectors as appeal_selectors
from appeals.models import AppealCase, Benefit
from appeals.statements import content, selectors, services
from appeals.statements.forms import (
    ReasonForm,
    SignForm,
    StatementContentForm,
    StatementRequestForm,
    StatementStartForm,
)
from appeals.statements.models import (
    SECTIONS_AFTER_ACTIVITIES,
    SECTIONS_BEFORE_ACTIVITIES,
    SIGNED_MESSAGE,
    StatementKind,
    SupportStatement,
)
from linkwork.accounts import policy
from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record
from linkwork.forms import apply_errors


def _refused(request: HttpRequest, statement: SupportStatement, reason: str) -> HttpResponse:
    """A visible statement the user may not change: 403, saying why in plain words."""
    return render(
        request,
        "statements/refused.html",
        {"statement": statement, "reason": reason},
        status=403,
    )


def _refusal_reason(statement: SupportStatement) -> str:
    if statement.is_signed:
        return SIGNED_MESSAGE
    if not statement.is_open:
        return f"This statement is {statement.get_status_display().lower()}: it is closed."
    return "You cannot change this statement."


def _requesting_case(request: HttpRequest, case_id) -> AppealCase:
    case = appeal_selectors.case_for_change(request.user, case_id)
    if not policy.can_request_statement(request.user, case):
        raise PermissionDenied
    return case


def _reason_page(
    request: HttpRequest,
    statement: SupportStatement,
    form: ReasonForm,
    *,
    close: Callable[..., SupportStatement],
    done_detail: str,
    done_message: str,
    done_url: str,
    form_detail: str,
    title: str,
    button: str,
    intro: str,
) -> HttpResponse:
    """A page that closes a statement with a reason (withdraw, decline). A valid POST calls
    ``close`` (the service), audits ``done_detail`` and goes to ``done_url``; otherwise the
    form is shown with its title, button and intro, and the view audited as ``form_detail``."""
    if request.method == "POST" and form.is_valid():
        try:
            close(statement=statement, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            audit_record(
                request=request, action=AuditAction.UPDATE, obj=statement, detail=done_detail
            )
            messages.success(request, done_message)
            return redirect(done_url)
    audit_record(request=request, action=AuditAction.VIEW, obj=statement, detail=form_detail)
    return render(
        request,
        "statements/reason_form.html",
        {"form": form, "statement": statement, "title": title, "button": button, "intro": intro},
    )


# Link worker side


@never_cache
@require_http_methods(["GET", "POST"])
def statement_request(request: HttpRequest, case_id) -> HttpResponse:
    case = _requesting_case(request, case_id)
    practice = case.patient.practice
    if request.method == "POST":
        form = StatementRequestForm(request.POST, practice=practice)
        if form.is_valid():
            try:
                statement = services.statement_request(
                    case=case,
                    by=request.user,
                    message=form.cleaned_data["message"],
                    due=form.cleaned_data["due"],
                    requested_of_user=form.requested_of_user(),
                    requested_of_practice=practice,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(
                    request=request,
                    action=AuditAction.CREATE,
                    obj=statement,
                    detail="Statement requested",
                )
                messages.success(
                    request, "Request sent. The GP gets an email and sees it when they sign in."
                )
                return redirect("statements:detail", pk=statement.pk)
    else:
        form = StatementRequestForm(practice=practice)
    audit_record(request=request, action=AuditAction.VIEW, obj=case, detail="Request statement")
    return render(
        request,
        "statements/request_form.html",
        {"form": form, "case": case},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def statement_start(request: HttpRequest, case_id) -> HttpResponse:
    case = _requesting_case(request, case_id)
    if request.method == "POST":
        form = StatementStartForm(request.POST)
        if form.is_valid():
            try:
                statement = services.statement_start(
                    case=case,
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                    maker_name=form.cleaned_data["maker_name"],
                    maker_relationship=form.cleaned_data["maker_relationship"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(
                    request=request,
                    action=AuditAction.CREATE,
                    obj=statement,
                    detail="Statement started",
                )
                return redirect("statements:write", pk=statement.pk)
    else:
        form = StatementStartForm()
    audit_record(request=request, action=AuditAction.VIEW, obj=case, detail="Start statement")
    return render(request, "statements/start_form.html", {"form": form, "case": case})


@never_cache
@require_http_methods(["GET", "POST"])
def statement_withdraw(request: HttpRequest, pk) -> HttpResponse:
    statement = selectors.statement_for_change(request.user, pk)
    if not policy.can_withdraw_statement(request.user, statement):
        if not statement.is_open and policy.can_edit_case(request.user, statement.case):
            return _refused(request, statement, _refusal_reason(statement))
        raise PermissionDenied
    request_to_gp = statement.is_gp_statement
    form = ReasonForm(
        request.POST or None,
        required=False,
        help_text="Optional. The GP sees that the request was withdrawn."
        if request_to_gp
        else "Optional. The discarded draft stays on record, marked withdrawn.",
    )
    return _reason_page(
        request,
        statement,
        form,
        close=services.statement_withdraw,
        done_detail="Statement withdrawn",
        done_message="Request withdrawn. Its deadline was set aside."
        if request_to_gp
        else "Draft discarded.",
        done_url=reverse("statements:detail", args=[statement.pk]),
        form_detail="Withdraw form",
        title="Withdraw the request" if request_to_gp else "Discard the draft",
        button="Withdraw request" if request_to_gp else "Discard draft",
        intro="The GP will no longer be asked for this statement."
        if request_to_gp
        else "The statement will not be used as evidence.",
    )


@never_cache
@require_POST
def statement_chase(request: HttpRequest, pk) -> HttpResponse:
    statement = selectors.statement_for_change(request.user, pk)
    if not policy.can_manage_statement_request(request.user, statement):
        raise PermissionDenied
    try:
        services.statement_chase(statement=statement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        audit_record(
            request=request, action=AuditAction.UPDATE, obj=statement, detail="Request chased"
        )
        messages.success(request, "Reminder sent to the GP now.")
    return redirect("statements:detail", pk=statement.pk)


# Both sides


@never_cache
@require_GET
def statement_detail(request: HttpRequest, pk) -> HttpResponse:
    statement = selectors.statement_for_page(request.user, pk)
    user = request.user
    audit_record(request=request, action=AuditAction.VIEW, obj=statement)
    return render(
        request,
        "statements/detail.html",
        {
            "statement": statement,
            "case": statement.case,
            "patient": statement.case.patient,
            "sections": content.statement_sections(statement),
            "hash_ok": content.hash_matches(statement) if statement.is_signed else None,
            "newer_versions": selectors.newer_versions(statement),
            "notifications": list(statement.notifications.all()),
            "can_write": policy.can_write_statement(user, statement),
            "can_manage": policy.can_manage_statement_request(user, statement),
            "can_withdraw": policy.can_withdraw_statement(user, statement),
            "can_correct": policy.can_correct_statement(user, statement)
            and not statement.is_superseded,
            "is_gp": policy.is_gp(user),
        },
    )


def _writable(request: HttpRequest, pk) -> SupportStatement | HttpResponse:
    """The statement if the user may write it; otherwise the 403 page (signed, closed, or not
    theirs) or a raised 404 outside the scope."""
    statement = selectors.statement_for_change(request.user, pk)
    if policy.can_write_statement(request.user, statement):
        return statement
    return _refused(request, statement, _refusal_reason(statement))


@never_cache
@require_http_methods(["GET", "POST"])
def statement_write(request: HttpRequest, pk) -> HttpResponse:
    statement = _writable(request, pk)
    if isinstance(statement, HttpResponse):
        return statement
    show_activities = statement.case.benefit == Benefit.PIP
    if request.method == "POST":
        form = StatementContentForm(request.POST, show_activities=show_activities)
        if form.is_valid():
            try:
                statement = services.statement_save_draft(
                    statement=statement,
                    by=request.user,
                    data=form.values(keep_impacts=statement.activity_impacts),
                    fingerprint=form.cleaned_data["fingerprint"] or None,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(
                    request=request,
                    action=AuditAction.UPDATE,
                    obj=statement,
                    detail="Statement draft saved",
                )
                if "sign" in request.POST:
                    return redirect("statements:sign", pk=statement.pk)
                messages.success(request, "Draft saved. Sign it when it is ready.")
                return redirect("statements:write", pk=statement.pk)
    else:
        form = StatementContentForm(
            initial=StatementContentForm.initial_for(statement), show_activities=show_activities
        )
        audit_record(request=request, action=AuditAction.VIEW, obj=statement, detail="Write form")
    return render(
        request,
        "statements/write.html",
        {
            "form": form,
            "statement": statement,
            "case": statement.case,
            "patient": statement.case.patient,
            "main_fields": form.main_fields(SECTIONS_BEFORE_ACTIVITIES),
            "closing_fields": form.main_fields(SECTIONS_AFTER_ACTIVITIES),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def statement_sign(request: HttpRequest, pk) -> HttpResponse:
    statement = _writable(request, pk)
    if isinstance(statement, HttpResponse):
        return statement
    shown = statement
    if request.method == "POST":
        form = SignForm(request.POST)
        if form.is_valid():
            try:
                services.statement_sign(
                    statement=statement,
                    by=request.user,
                    password=form.cleaned_data["password"],
                    registration=form.cleaned_data["registration"],
                    fingerprint=form.cleaned_data["fingerprint"] or None,
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "stale":
                    # Show the current text, and sign that if the signer signs again.
                    shown = SupportStatement.objects.get(pk=statement.pk)
                    data = request.POST.copy()
                    data["fingerprint"] = content.draft_fingerprint(shown)
                    form = SignForm(data)
                    form.is_valid()
                apply_errors(form, error)
            else:
                audit_record(request=request, action=AuditAction.SIGN, obj=statement)
                messages.success(request, "Statement signed. The link worker can now use it.")
                return redirect("statements:detail", pk=statement.pk)
    else:
        form = SignForm(
            initial={
                "registration": request.user.professional_registration,
                "fingerprint": content.draft_fingerprint(statement),
            }
        )
        audit_record(request=request, action=AuditAction.VIEW, obj=statement, detail="Sign form")
    return render(
        request,
        "statements/sign.html",
        {
            "form": form,
            "statement": statement,
            "case": statement.case,
            "sections": content.statement_sections(shown),
            "registration_needed": statement.kind == StatementKind.GP,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def statement_decline(request: HttpRequest, pk) -> HttpResponse:
    statement = _writable(request, pk)
    if isinstance(statement, HttpResponse):
        return statement
    if not statement.is_gp_statement:
        return _refused(request, statement, "Only a request to a GP can be declined.")
    correction = statement.supersedes_id is not None
    form = ReasonForm(
        request.POST or None,
        help_text="The link worker sees this reason and can look for evidence elsewhere.",
    )
    return _reason_page(
        request,
        statement,
        form,
        close=services.statement_decline,
        done_detail="Request declined",
        done_message="You declined the request. The link worker can see why.",
        done_url=reverse("home"),
        form_detail="Decline form",
        title="Abandon the correction" if correction else "Decline the request",
        button="Abandon correction" if correction else "Decline request",
        intro="The signed version stays as it is, and remains the evidence."
        if correction
        else "GPs have no contractual duty to write appeal statements. Tell the link "
        "worker why, so they can plan.",
    )


@never_cache
@require_POST
def statement_correct(request: HttpRequest, pk) -> HttpResponse:
    statement = selectors.statement_for_change(request.user, pk)
    if not policy.can_correct_statement(request.user, statement):
        raise PermissionDenied
    try:
        correction = services.statement_correct(statement=statement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("statements:detail", pk=statement.pk)
    audit_record(
        request=request, action=AuditAction.CREATE, obj=correction, detail="Correction started"
    )
    messages.info(
        request, "Correction started as a new version. The signed version stays on record."
    )
    return redirect("statements:write", pk=correction.pk)


# The GP portal

DONE_PAGE_SIZE = 20


def gp_home(request: HttpRequest) -> HttpResponse:
    """A GP's home: the statement requests addressed to them or their practice, grouped
    overdue / due soon / open, and those finished (paged)."""
    today = timezone.localdate()
    portal = selectors.gp_portal(request.user, today=today)
    done = Paginator(portal.done, DONE_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(request=request, action=AuditAction.VIEW, detail="Statement requests list")
    return render(
        request,
        "accounts/home_gp.html",
        {
            "practice": request.user.practice,
            "portal": portal,
            "done": done,
            "page": done,
            "today": today,
            "due_soon_days": selectors.DUE_SOON_DAYS,
        },
    )
