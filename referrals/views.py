"""Referral pages: the list, intake with duplicate detection, the referral and its status.

GPs see the referrals of their own practice's patients: the summary and the messages back,
never contact notes or the status history's notes.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from linkwork.accounts import policy
from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record
from linkwork.forms import apply_errors
from referrals import selectors, services
from referrals.forms import (
    PATIENT_FIELDS,
    ReferralFilterForm,
    ReferralIntakeForm,
    TransitionForm,
)
from referrals.models import Referral

REFERRAL_PAGE_SIZE = 25
MATCH_QUESTION = (
    "This patient may already be registered. Choose the existing record to link the referral "
    "to it, or say that this is a different person."
)
SECOND_REFERRAL_QUESTION = (
    "This patient already has an open referral. Tick the box to take this one in as well: "
    "it will be flagged as a second open referral."
)


def _visible_referral(request: HttpRequest, pk) -> Referral:
    queryset = policy.referrals_visible_to(request.user).select_related(
        "patient__practice__service", "patient__holder", "referring_practice", "created_by"
    )
    return get_object_or_404(queryset, pk=pk)


@never_cache
@require_http_methods(["GET"])
def referral_list(request: HttpRequest) -> HttpResponse:
    if not policy.can_view_referrals(request.user):
        raise PermissionDenied
    form = ReferralFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    page = Paginator(selectors.referral_list(request.user, **filters), REFERRAL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_record(request=request, action=AuditAction.VIEW, detail="Referral list")
    context = {
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "is_gp": policy.is_gp(request.user),
        "can_create": policy.can_create_referral(request.user),
        "filtered": bool(request.GET.keys() - {"page"}),
    }
    return render(request, "referrals/list.html", context)


def _holder_to_apply(request: HttpRequest, patient, chosen_holder):
    """Who should hold the case after intake. A new patient, or one nobody holds, gets the
    chosen link worker; an existing holder is replaced only by someone allowed to reassign
    the case, and never by leaving the choice empty."""
    if patient is None or patient.holder_id is None:
        return chosen_holder
    if chosen_holder is not None and policy.can_reassign_patient(request.user, patient):
        return chosen_holder
    return None


def _visible_patient_or_none(request: HttpRequest, value: str):
    try:
        pk = uuid.UUID(value)
    except (TypeError, ValueError):
        return None
    queryset = policy.patients_visible_to(request.user).select_related("practice", "holder")
    return queryset.filter(pk=pk).first()


def _prefill_from(patient) -> dict:
    """Initial values for a referral of a patient already registered: their details, linked."""
    initial = {name: getattr(patient, name) for name in PATIENT_FIELDS}
    initial["nhs_number"] = patient.nhs_number_display
    initial["practice"] = patient.practice_id
    initial["match"] = str(patient.pk)
    return initial


def _choose_patient(request: HttpRequest, form: ReferralIntakeForm):
    """Decide which patient the referral is for. Returns ``(patient or None, matches)``; adds a
    form error (and returns no patient) when the user must answer a question first."""
    data = form.cleaned_data
    choice = data["match"]
    if choice and choice != "new":
        chosen = _visible_patient_or_none(request, choice)
        if chosen is None:
            form.add_error(None, "The patient chosen is not available. Choose again.")
        return chosen, []
    matches = selectors.possible_matches(
        request.user,
        nhs_number=data["nhs_number"],
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"],
        postcode=data["postcode"],
    )
    if selectors.nhs_number_registered_elsewhere(request.user, data["nhs_number"]):
        form.add_error(
            "nhs_number",
            "A patient with this NHS number is registered with another service. Check the "
            "number, or ask your manager to arrange a transfer.",
        )
    elif matches and choice != "new":
        form.add_error(None, MATCH_QUESTION)
    elif data["nhs_number"] and any(p.nhs_number == data["nhs_number"] for p in matches):
        form.add_error(None, "A patient with this NHS number is already registered: link to them.")
    return None, matches


@never_cache
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest) -> HttpResponse:
    """Referral intake. Before creating a patient the form looks for one already registered (by
    NHS number, else name, date of birth and postcode) and asks whether to link to them; a
    second open referral for the same patient needs confirming and is flagged. From a patient's
    page (``?patient=<id>``) the form starts filled in and linked to that patient."""
    if not policy.can_create_referral(request.user):
        raise PermissionDenied
    linked = None
    if request.method == "GET":
        linked = _visible_patient_or_none(request, request.GET.get("patient"))
    initial = _prefill_from(linked) if linked else {}
    form = ReferralIntakeForm(request.POST or None, user=request.user, initial=initial)
    matches, chosen, open_referrals = [], None, []
    if request.method == "POST" and form.is_valid():
        chosen, matches = _choose_patient(request, form)
        if not form.errors:
            data = form.cleaned_data
            open_referrals = selectors.open_referrals(chosen) if chosen else []
            if open_referrals and not data["confirm_second_referral"]:
                form.add_error("confirm_second_referral", SECOND_REFERRAL_QUESTION)
            else:
                try:
                    referral = services.referral_intake(
                        by=request.user,
                        patient=chosen,
                        patient_fields=None if chosen else form.patient_fields(),
                        holder=_holder_to_apply(request, chosen, data["holder"]),
                        **form.referral_fields(),
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    audit_record(request=request, action=AuditAction.CREATE, obj=referral)
                    text = "Referral received."
                    if referral.second_open_referral:
                        text += " It is flagged as a second open referral for this patient."
                    messages.success(request, text)
                    return redirect("patients:detail", pk=referral.patient_id)
    if request.method == "POST" and not matches and form["match"].value() not in (None, "", "new"):
        # The patient the form is linked to: the one chosen when the form got that far.
        linked = chosen or _visible_patient_or_none(request, form["match"].value())
    context = {
        "form": form,
        "matches": matches,
        "chosen": chosen,
        "linked": linked,
        "open_referrals": open_referrals,
    }
    return render(request, "referrals/create.html", context)


@never_cache
@require_http_methods(["GET"])
def referral_detail(request: HttpRequest, pk) -> HttpResponse:
    referral = _visible_referral(request, pk)
    audit_record(request=request, action=AuditAction.VIEW, obj=referral)
    is_gp = policy.is_gp(request.user)
    can_edit = policy.can_edit_referral(request.user, referral)
    context = {
        "referral": referral,
        "patient": referral.patient,
        "today": timezone.localdate(),
        "is_gp": is_gp,
        "messages_back": referral.messages.select_related("sent_by"),
        "transitions": [] if is_gp else referral.transitions.select_related("by"),
        "can_edit": can_edit,
        "form": TransitionForm(referral=referral)
        if can_edit and referral.allowed_manual_targets
        else None,
    }
    return render(request, "referrals/detail.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def referral_transition(request: HttpRequest, pk) -> HttpResponse:
    referral = _visible_referral(request, pk)
    if not policy.can_edit_referral(request.user, referral):
        raise PermissionDenied
    form = TransitionForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_transition(
                referral=referral, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            audit_record(request=request, action=AuditAction.UPDATE, obj=referral)
            messages.success(request, f"Referral marked {referral.get_status_display().lower()}.")
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/transition.html",
        {"referral": referral, "patient": referral.patient, "form": form},
    )
