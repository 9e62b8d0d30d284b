"""Letter pages: generate, list (with live status), download and retry.

Each view fetches through the policy's scope (404 outside it), checks the predicate before a
change (403), records access to patient data in the audit log and lets a service do the
write. Nothing here is cached.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appeals import selectors as case_selectors
from appeals.letters import selectors, services
from appeals.letters.forms import LetterRequestForm
from appeals.letters.models import Addressee, LetterKind
from appeals.models import AppealCase
from appeals.statements.selectors import signed_statements_for_case
from linkwork.accounts import policy
from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record
from linkwork.forms import apply_errors

PAGE_SIZE = 25
CASE_SECTION_SIZE = 5
# A row polls its status every 2 s for at most this many times (3 minutes), so a page left open
# on a letter that is stuck does not keep the session from ending when idle.
MAX_POLLS = 90


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def case_section_context(request: HttpRequest, case: AppealCase) -> dict[str, Any]:
    """The letters block on the case page: the latest letters and the total (two queries)."""
    letters = selectors.letters_for_case(request.user, case)
    return {
        "letters": list(letters[:CASE_SECTION_SIZE]),
        "letter_count": letters.count(),
        "can_request": policy.can_request_letter(request.user, case),
    }


@never_cache
@require_GET
def case_letters(request: HttpRequest, case_id) -> HttpResponse:
    case = case_selectors.case_for_change(request.user, case_id)
    page = Paginator(selectors.letters_for_case(request.user, case), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_record(request=request, action=AuditAction.VIEW, obj=case, detail="evidence letters")
    return render(
        request,
        "letters/case_letters.html",
        {
            "case": case,
            "page": page,
            "letters": page.object_list,
            "can_request": policy.can_request_letter(request.user, case),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def letter_create(request: HttpRequest, case_id) -> HttpResponse:
    case = case_selectors.case_for_change(request.user, case_id)
    if not policy.can_request_letter(request.user, case):
        raise PermissionDenied
    form_kwargs = {
        "statements": signed_statements_for_case(case),
        "rule_set": case.pip_rule_set,
        "awarded_initial": selectors.latest_awarded_points(case),
    }
    if request.method == "POST":
        form = LetterRequestForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                letter = services.letter_request(
                    case=case,
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                    grounds=form.cleaned_data["grounds"],
                    awarded_points=form.awarded_points(),
                    statements=form.cleaned_data["statements"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(
                    request=request,
                    action=AuditAction.CREATE,
                    obj=letter,
                    patient_id=case.patient_id,
                    detail=f"{letter.kind} v{letter.version}",
                )
                messages.success(
                    request,
                    f"{letter.get_kind_display()} (version {letter.version}) is being made. "
                    "It will be ready to download here in a few seconds.",
                )
                return redirect("letters:case_letters", case_id=case.pk)
    else:
        # The letter the case most likely needs next: the tribunal pack once DWP has
        # reconsidered, the MR letter before.
        kind = LetterKind.TRIBUNAL_PACK if case.mr_notice_date else LetterKind.MR_COVER
        form = LetterRequestForm(initial={"kind": kind}, **form_kwargs)
    audit_record(request=request, action=AuditAction.VIEW, obj=case, detail="generate letter")
    consented = services.consented_addressees(case.patient)
    consent = [
        (Addressee(addressee).label, addressee in consented) for addressee in Addressee.values
    ]
    return render(
        request, "letters/letter_form.html", {"case": case, "form": form, "consent": consent}
    )


@never_cache
@require_GET
def letter_status(request: HttpRequest, pk) -> HttpResponse:
    """One row of the letter list, polled by htmx while the letter is being made. It shows the
    letter's kind and status only, no patient data, so polling is not audited."""
    letter = selectors.letter_for_user(request.user, pk)
    try:
        polls = max(0, int(request.GET.get("polls", 0)))
    except ValueError:
        polls = 0
    return render(
        request,
        "letters/_letter_row.html",
        {
            "letter": letter,
            "can_request": policy.can_request_letter(request.user, letter.case),
            "polls": polls,
            "polling_stopped": polls >= MAX_POLLS,
        },
    )


@never_cache
@require_GET
def letter_download(request: HttpRequest, pk) -> HttpResponse:
    letter = selectors.letter_for_user(request.user, pk)
    if not letter.is_ready:
        messages.info(request, "That letter is not ready yet: download it when it says Ready.")
        return redirect("letters:case_letters", case_id=letter.case_id)
    try:
        handle = letter.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The letter's file is missing.") from error
    audit_record(
        request=request,
        action=AuditAction.DOWNLOAD,
        obj=letter,
        patient_id=letter.case.patient_id,
        detail=f"{letter.kind} v{letter.version}",
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=letter.download_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_POST
def letter_retry(request: HttpRequest, pk) -> HttpResponse:
    letter = selectors.letter_for_user(request.user, pk)
    if not policy.can_request_letter(request.user, letter.case):
        raise PermissionDenied
    try:
        retried = services.letter_retry(letter=letter, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        letter.status, letter.failure_reason = retried.status, retried.failure_reason
        audit_record(
            request=request,
            action=AuditAction.UPDATE,
            obj=letter,
            patient_id=letter.case.patient_id,
            detail=f"retry {letter.kind} v{letter.version}",
        )
    if _is_htmx(request):
        return render(request, "letters/_letter_row.html", {"letter": letter, "can_request": True})
    return redirect("letters:case_letters", case_id=letter.case_id)
