"""Patient pages: the caseload, the patient record and the forms that add to it.

Every view fetches the patient through ``patients_visible_to`` (outside the scope: 404) and
checks the policy before a change (visible but not allowed: 403). Pages are never cached and
each view or change is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from linkwork.accounts import policy
from linkwork.accounts.models import Role
from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record
from linkwork.forms import apply_errors
from patients import selectors, services
from patients.forms import (
    ConsentForm,
    ContactForm,
    MeasureForm,
    NeedForm,
    NeedResolveForm,
    PatientForm,
    ReassignForm,
    SupportOfferForm,
    SupportOutcomeForm,
    link_workers_for,
    practices_for,
)
from patients.models import FLAG_FIELDS, Patient, PatientStatus, Timepoint
from patients.timeline import timeline_for

CASELOAD_PAGE_SIZE = 25
TIMELINE_LIMIT = 100


def visible_patient(request: HttpRequest, pk) -> Patient:
    queryset = policy.patients_visible_to(request.user).select_related(
        "practice__service", "holder"
    )
    return get_object_or_404(queryset, pk=pk)


def editable_patient(request: HttpRequest, pk) -> Patient:
    patient = visible_patient(request, pk)
    if not policy.can_edit_patient(request.user, patient):
        raise PermissionDenied
    return patient


# Caseload


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, help_text="Name, NHS number or postcode")
    status = forms.ChoiceField(
        required=False,
        choices=[("open", "Active and on hold"), *PatientStatus.choices, ("any", "Any status")],
    )
    practice = forms.ChoiceField(required=False)
    flag = forms.ChoiceField(required=False)
    holder = forms.ChoiceField(label="Held by", required=False)
    overdue = forms.BooleanField(label="Overdue first contact only", required=False)
    awaiting = forms.BooleanField(label="Awaiting first contact only", required=False)
    sort = forms.ChoiceField(required=False, choices=list(selectors.SORT_LABELS.items()))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].choices = [
            ("", "All practices"),
            *((str(p.pk), p.name) for p in practices_for(user)),
        ]
        self.fields["flag"].choices = [
            ("", "Any flags"),
            *(
                (name, Patient._meta.get_field(name).verbose_name.capitalize())
                for name in FLAG_FIELDS
            ),
        ]
        holders = [("mine", "Me"), ("all", "Anyone"), ("unassigned", "Nobody (unassigned)")]
        if user.role != Role.ADMINISTRATOR:
            holders += [(str(u.pk), str(u)) for u in link_workers_for(user) if u != user]
        self.fields["holder"].choices = holders

    def filters(self, default_holder: str) -> selectors.CaseloadFilters:
        values: dict[str, Any] = {"holder": default_holder}
        if self.is_bound:
            self.is_valid()
            values |= {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return selectors.CaseloadFilters(**values)


def render_caseload(
    request: HttpRequest, *, default_holder: str, template: str = "patients/caseload.html"
) -> HttpResponse:
    """The caseload: search, filters, sort, pagination, and counts at the top."""
    form = CaseloadFilterForm(request.GET or None, user=request.user)
    filters = form.filters(default_holder)
    page = Paginator(selectors.caseload(request.user, filters), CASELOAD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_record(request=request, action=AuditAction.VIEW, detail="Caseload list")
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "counts": selectors.caseload_counts(request.user, filters.holder),
        "filtered": bool(request.GET.keys() - {"page"}),
        "today": timezone.localdate(),
    }
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET"])
def caseload(request: HttpRequest) -> HttpResponse:
    if not policy.can_view_caseload(request.user):
        raise PermissionDenied
    return render_caseload(
        request, default_holder="mine" if policy.is_link_worker(request.user) else "all"
    )


# The patient page


def _holder_history(patient: Patient) -> list[dict]:
    """Each change of holder from the patient's history: who held it from when, who changed it."""
    changes, previous = [], object()
    records = patient.history.select_related("holder", "history_user").order_by("history_date")
    for record in records:
        if record.holder_id != previous:
            changes.append(
                {
                    "holder": record.holder,
                    "at": record.history_date,
                    "by": record.history_user,
                    "reason": record.history_change_reason or "",
                }
            )
            previous = record.holder_id
    return list(reversed(changes))


@never_cache
@require_http_methods(["GET"])
def patient_detail(request: HttpRequest, pk) -> HttpResponse:
    patient = visible_patient(request, pk)
    audit_record(request=request, action=AuditAction.VIEW, obj=patient)
    referrals = patient.referrals.select_related("referring_practice").prefetch_related("messages")
    if policy.is_gp(request.user):
        return render(
            request,
            "patients/detail_gp.html",
            {"patient": patient, "referrals": referrals, "today": timezone.localdate()},
        )
    context = {
        "patient": patient,
        "today": timezone.localdate(),
        "can_edit": policy.can_edit_patient(request.user, patient),
        "can_reassign": policy.can_reassign_patient(request.user, patient),
        "consent": selectors.consent_state(patient),
        "contacts": patient.contacts.select_related("recorded_by")[:10],
        "contact_count": patient.contacts.count(),
        "attempts": selectors.contact_attempts_since_last_reached(patient),
        "needs": patient.needs.prefetch_related("support_offers"),
        "support_offers": patient.support_offers.select_related("need"),
        "measures": selectors.measure_summaries(patient),
        "referrals": referrals.prefetch_related("transitions__by"),
        "timeline": timeline_for(patient, request.user, limit=TIMELINE_LIMIT),
        "holder_history": _holder_history(patient),
        "contact_form": ContactForm(),
    }
    return render(request, "patients/detail.html", context)


# Forms on the patient record


def _patient_form_view(
    request: HttpRequest,
    patient: Patient,
    *,
    form: forms.Form,
    title: str,
    save: Callable[[forms.Form], Any],
    success: str,
    template: str = "patients/form.html",
    extra: dict | None = None,
    action: AuditAction = AuditAction.CREATE,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            audit_record(
                request=request,
                action=action,
                obj=saved,
                patient_id=patient.pk,
            )
            messages.success(request, success)
            return redirect("patients:detail", pk=patient.pk)
    context = {"patient": patient, "form": form, "title": title, **(extra or {})}
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def patient_edit(request: HttpRequest, pk) -> HttpResponse:
    patient = editable_patient(request, pk)
    form = PatientForm(request.POST or None, instance=patient, user=request.user)
    if request.method == "GET":
        audit_record(request=request, action=AuditAction.VIEW, obj=patient)

    def save(form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.patient_update(patient=patient, by=request.user, **fields)

    return _patient_form_view(
        request,
        patient,
        form=form,
        title="Change details",
        save=save,
        success="Details saved.",
        action=AuditAction.UPDATE,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk) -> HttpResponse:
    patient = editable_patient(request, pk)
    form = ConsentForm(request.POST or None)

    def save(form):
        return services.consent_record(patient=patient, by=request.user, **form.cleaned_data)

    return _patient_form_view(
        request,
        patient,
        form=form,
        title="Record a consent decision",
        save=save,
        success="Consent decision recorded.",
        extra={"consent": selectors.consent_state(patient)},
        template="patients/consent_form.html",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk) -> HttpResponse:
    """Log a contact. From the patient page the form posts with htmx and the reply swaps in a
    fresh form and the updated contact list; without htmx it is an ordinary page."""
    patient = editable_patient(request, pk)
    form = ContactForm(request.POST or None)
    if not request.headers.get("HX-Request"):
        return _patient_form_view(
            request,
            patient,
            form=form,
            title="Log a contact",
            save=lambda form: services.contact_create(
                patient=patient, by=request.user, **form.cleaned_data
            ),
            success="Contact logged.",
        )
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.contact_create(patient=patient, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            audit_record(request=request, action=AuditAction.CREATE, obj=saved)
            form = ContactForm()
    context = {
        "patient": patient,
        "contact_form": form,
        "saved": saved,
        "contacts": patient.contacts.select_related("recorded_by")[:10],
        "contact_count": patient.contacts.count(),
        "attempts": selectors.contact_attempts_since_last_reached(patient),
        "can_edit": True,
        "oob": saved is not None,
    }
    response = render(request, "patients/_contact_quick_add_response.html", context)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def need_add(request: HttpRequest, pk) -> HttpResponse:
    patient = editable_patient(request, pk)
    form = NeedForm(request.POST or None)
    return _patient_form_view(
        request,
        patient,
        form=form,
        title="Record a need or concern",
        save=lambda form: services.need_create(
            patient=patient, by=request.user, **form.cleaned_data
        ),
        success="Need recorded.",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def need_resolve(request: HttpRequest, pk, need_pk) -> HttpResponse:
    patient = editable_patient(request, pk)
    need = get_object_or_404(patient.needs, pk=need_pk, resolved_on__isnull=True)
    form = NeedResolveForm(request.POST or None, initial={"resolved_on": timezone.localdate()})
    return _patient_form_view(
        request,
        patient,
        form=form,
        title=f"Mark as met: {need.get_category_display()}",
        save=lambda form: services.need_resolve(need=need, by=request.user, **form.cleaned_data),
        success="Need marked as met.",
        action=AuditAction.UPDATE,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def support_add(request: HttpRequest, pk) -> HttpResponse:
    patient = editable_patient(request, pk)
    initial = {"offered_on": timezone.localdate()}
    if need_pk := request.GET.get("need"):
        initial["need"] = need_pk
    form = SupportOfferForm(request.POST or None, patient=patient, initial=initial)
    return _patient_form_view(
        request,
        patient,
        form=form,
        title="Record support offered",
        save=lambda form: services.support_offer_create(
            patient=patient, by=request.user, **form.cleaned_data
        ),
        success="Support offered recorded.",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def support_edit(request: HttpRequest, pk, support_pk) -> HttpResponse:
    patient = editable_patient(request, pk)
    offer = get_object_or_404(patient.support_offers, pk=support_pk)
    form = SupportOutcomeForm(
        request.POST or None, initial={"outcome": offer.outcome, "notes": offer.notes}
    )
    return _patient_form_view(
        request,
        patient,
        form=form,
        title=f"How did it go? {offer}",
        save=lambda form: services.support_offer_update_outcome(
            offer=offer, by=request.user, **form.cleaned_data
        ),
        success="Outcome saved.",
        action=AuditAction.UPDATE,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, pk) -> HttpResponse:
    patient = editable_patient(request, pk)
    has_baseline = patient.measures.filter(timepoint=Timepoint.BASELINE).exists()
    form = MeasureForm(request.POST or None, has_baseline=has_baseline)
    return _patient_form_view(
        request,
        patient,
        form=form,
        title="Record a wellbeing measure",
        save=lambda form: services.measure_record(
            patient=patient,
            by=request.user,
            kind=form.cleaned_data["kind"],
            timepoint=form.cleaned_data["timepoint"],
            taken_on=form.cleaned_data["taken_on"],
            scores=form.scores(),
        ),
        success="Measure recorded.",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest, pk) -> HttpResponse:
    patient = visible_patient(request, pk)
    if not policy.can_reassign_patient(request.user, patient):
        raise PermissionDenied
    form = ReassignForm(
        request.POST or None, patient=patient, initial={"holder": patient.holder_id}
    )
    return _patient_form_view(
        request,
        patient,
        form=form,
        title="Reassign the case",
        save=lambda form: services.patient_reassign(
            patient=patient,
            to=form.cleaned_data["holder"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        success="Case reassigned.",
        action=AuditAction.UPDATE,
    )
