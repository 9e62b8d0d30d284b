"""The audit log page (administrators: everything; managers: their service), a patient's
"who has accessed this record" page and their subject access download."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from linkwork.accounts import policy
from linkwork.audit.forms import AuditFilterForm
from linkwork.audit.models import AuditAction
from linkwork.audit.selectors import audit_events_for, patient_access_events
from linkwork.audit.services import audit_record
from linkwork.audit.subject_access import subject_access_bundle

PAGE_SIZE = 50


@never_cache
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not policy.can_view_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events_for(request.user, filters=filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/audit_log.html",
        {"form": form, "page": page, "filtered": bool(filters and any(filters.values()))},
    )


@never_cache
@require_GET
def patient_access(request: HttpRequest, patient_id) -> HttpResponse:
    patient = get_object_or_404(
        policy.patients_visible_to(request.user).select_related("practice"), pk=patient_id
    )
    if not policy.can_view_patient_access_log(request.user, patient):
        raise PermissionDenied
    page = Paginator(patient_access_events(patient), PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "audit/patient_access.html", {"patient": patient, "page": page})
    audit_record(
        request=request, action=AuditAction.VIEW, obj=patient, detail="Who has accessed this record"
    )
    return response


@never_cache
@require_GET
def subject_access(request: HttpRequest, patient_id) -> HttpResponse:
    """The subject access bundle of one patient, as a JSON download."""
    patient = get_object_or_404(
        policy.patients_visible_to(request.user).select_related("practice"), pk=patient_id
    )
    if not policy.can_export_subject_access(request.user, patient):
        raise PermissionDenied
    bundle = subject_access_bundle(patient, requested_by=request.user)
    response = JsonResponse(bundle, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-{patient.pk}-{timezone.localdate():%Y%m%d}.json"'
    )
    audit_record(
        request=request, action=AuditAction.EXPORT, obj=patient, detail="Subject access request"
    )
    return response
