"""Appeal case pages. Each view fetches through the policy's scope (404 outside it), checks the
predicate before a change (403), records the access in the audit log, and lets a service do
the write. Pages show patient data, so none is cached."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appeals import deadlines as rules
from appeals import selectors, services, stages
from appeals.forms import (
    CaseCreateForm,
    CaseForm,
    DeadlineForm,
    DeadlineStatusForm,
    NoteForm,
    PatientChoiceForm,
    PipEstimateForm,
    transition_form_class,
)
from appeals.models import AppealCase, Benefit, DeadlineStatus, Stage
from appeals.pip import score
from appeals.sections import sections_for
from linkwork.accounts import policy
from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record
from linkwork.forms import apply_errors

PAGE_SIZE = 25
DEADLINES_PAGE_SIZE = 50


def _require_appeals_user(request: HttpRequest) -> None:
    if not policy.can_use_appeals(request.user):
        raise PermissionDenied


def _editable_case(request: HttpRequest, pk) -> AppealCase:
    case = selectors.case_for_change(request.user, pk)
    if not policy.can_edit_case(request.user, case):
        raise PermissionDenied
    return case


@never_cache
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    _require_appeals_user(request)
    stage = request.GET.get("stage", "")
    benefit = request.GET.get("benefit", "")
    stage = stage if stage in Stage.values else ""
    benefit = benefit if benefit in Benefit.values else ""
    mine = request.GET.get("mine") == "1"
    show_ended = request.GET.get("ended") == "1"
    reference = request.GET.get("reference", "")[:30]
    today = timezone.localdate()
    cases = selectors.case_list(
        request.user,
        stage=stage,
        benefit=benefit,
        mine=mine,
        show_ended=show_ended,
        reference=reference,
        today=today,
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any([stage, benefit, mine, show_ended, reference])
    return render(
        request,
        "appeals/case_list.html",
        {
            "page": page,
            "today": today,
            "stages": Stage.choices,
            "benefits": Benefit.choices,
            "filters": {
                "stage": stage,
                "benefit": benefit,
                "mine": mine,
                "ended": show_ended,
                "reference": reference,
            },
            "filtered": filtered,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def case_start(request: HttpRequest) -> HttpResponse:
    """Choose the patient for a new appeal case (the patient's page links straight on)."""
    _require_appeals_user(request)
    patients = selectors.patients_for_new_case(request.user)
    form = PatientChoiceForm(request.POST or None, patients=patients)
    if request.method == "POST" and form.is_valid():
        return redirect("appeals:case_create", patient_id=form.cleaned_data["patient"].pk)
    return render(request, "appeals/case_start.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest, patient_id) -> HttpResponse:
    patient = get_object_or_404(
        policy.patients_visible_to(request.user).select_related("practice", "holder"),
        pk=patient_id,
    )
    if not policy.can_open_case(request.user, patient):
        raise PermissionDenied
    service_id = patient.practice.service_id
    if request.method == "POST":
        form = CaseCreateForm(request.POST, service_id=service_id, patient=patient)
        if form.is_valid():
            values = form.values()
            holder = values.pop("holder")
            try:
                case = services.case_create(
                    patient=patient, by=request.user, holder=holder, data=values
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(request=request, action=AuditAction.CREATE, obj=case)
                messages.success(request, "Appeal case opened. Its deadlines are below.")
                return redirect("appeals:case_detail", pk=case.pk)
    else:
        default_holder = patient.holder if patient.holder_id else None
        if default_holder is None and policy.is_link_worker(request.user):
            default_holder = request.user
        form = CaseCreateForm(
            service_id=service_id,
            patient=patient,
            initial={
                "holder": default_holder,
                "motability_customer": patient.motability_customer,
                "benefit": Benefit.PIP,
            },
        )
    audit_record(request=request, action=AuditAction.VIEW, obj=patient, detail="Open appeal case")
    return render(request, "appeals/case_create.html", {"form": form, "patient": patient})


def _progress(case: AppealCase) -> dict[str, Any]:
    step, total = stages.progress(case.stage)
    return {
        "step": step,
        "total": total,
        "percent": round(100 * step / total),
        "steps": [
            {"label": s.label, "done": i < step, "current": i + 1 == step}
            for i, s in enumerate(stages.MAIN_PATH)
        ],
        "off_path": case.stage not in stages.MAIN_PATH,
    }


def _late_guidance(case: AppealCase, today) -> list[dict[str, Any]]:
    """Late-limit notes for MR and appeal deadlines that have passed without the step."""
    notes = []
    if case.decision_date and not case.mr_requested_date:
        due = rules.mr_due(case.decision_date, case.statement_of_reasons_requested)
        if due < today:
            notes.append(
                {
                    "title": "The one-month limit for mandatory reconsideration has passed",
                    "limit": rules.mr_late_limit(case.decision_date),
                    "text": "DWP can still accept a late MR request up to 13 months after the "
                    "decision if there were special circumstances (for example illness, a "
                    "bereavement, or the letter arriving late). Explain them in the request.",
                }
            )
    if (
        case.mr_notice_date
        and not case.appeal_lodged_date
        and rules.appeal_due(case.mr_notice_date) < today
    ):
        notes.append(
            {
                "title": "The one-month limit for appealing has passed",
                "limit": rules.appeal_absolute_limit(case.mr_notice_date),
                "text": "The tribunal can admit a late appeal up to 12 months beyond the "
                "time limit. Give the reasons for lateness on the SSCS1 form.",
            }
        )
    return notes


def _dwp_late(case: AppealCase, today) -> dict[str, Any] | None:
    """The prompt to ask the tribunal for a direction once DWP is 7 days past its 28."""
    if not case.appeal_lodged_date or case.dwp_response_date or case.stage in stages.ENDED:
        return None
    overdue_from = rules.dwp_response_overdue_from(case.appeal_lodged_date)
    if today < overdue_from:
        return None
    return {
        "due": rules.dwp_response_due(case.appeal_lodged_date),
        "days_late": (today - rules.dwp_response_due(case.appeal_lodged_date)).days,
    }


def _pip_summary(case: AppealCase):
    if not case.is_pip or not case.pip_choices:
        return None
    rule_set = case.pip_rule_set
    try:
        return score(rule_set, case.pip_choices)
    except ValueError:
        return None


@never_cache
@require_GET
def case_detail(request: HttpRequest, pk) -> HttpResponse:
    case = selectors.case_for_page(request.user, pk)
    today = timezone.localdate()
    deadlines = list(case.deadlines.all())
    open_deadlines = [d for d in deadlines if d.status == DeadlineStatus.OPEN]
    audit_record(request=request, action=AuditAction.VIEW, obj=case)
    return render(
        request,
        "appeals/case_detail.html",
        {
            "case": case,
            "today": today,
            "can_edit": policy.can_edit_case(request.user, case),
            "progress": _progress(case),
            "moves": stages.moves_from(case.stage),
            "open_deadlines": open_deadlines,
            "closed_deadlines": [d for d in deadlines if d.status != DeadlineStatus.OPEN],
            "next_deadline": open_deadlines[0] if open_deadlines else None,
            "late_guidance": _late_guidance(case, today),
            "dwp_late": _dwp_late(case, today),
            "timeline": selectors.timeline(case),
            "note_form": NoteForm(),
            "deadline_status_form": DeadlineStatusForm(),
            "pip": _pip_summary(case),
            "sections": sections_for(request, case),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk) -> HttpResponse:
    case = _editable_case(request, pk)
    service_id = case.patient.practice.service_id
    if request.method == "POST":
        form = CaseForm(request.POST, instance=case, service_id=service_id)
        if form.is_valid():
            try:
                case = services.case_update(
                    case=case,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    data=form.values(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(request=request, action=AuditAction.UPDATE, obj=case)
                messages.success(request, "Case saved. Deadlines were worked out again.")
                return redirect("appeals:case_detail", pk=case.pk)
    else:
        form = CaseForm(instance=case, service_id=service_id, initial={"version": case.version})
        audit_record(request=request, action=AuditAction.VIEW, obj=case, detail="Edit form")
    return render(request, "appeals/case_edit.html", {"form": form, "case": case})


@never_cache
@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, pk, to: str) -> HttpResponse:
    if to not in Stage.values:
        raise Http404
    case = _editable_case(request, pk)
    target = Stage(to)
    move = stages.move(case.stage, target)
    if move is None:
        options = stages.moves_from(case.stage)
        return render(
            request,
            "appeals/case_transition.html",
            {"case": case, "target": target, "refused": True, "options": options},
        )
    form_class = transition_form_class(move)
    service_id = case.patient.practice.service_id
    if request.method == "POST":
        form = form_class(request.POST, instance=case, service_id=service_id)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form_class.Meta.fields}
            try:
                case = services.case_transition(
                    case=case,
                    to=target,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                    data=data,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(
                    request=request,
                    action=AuditAction.UPDATE,
                    obj=case,
                    detail=f"Stage: {target.label}",
                )
                messages.success(request, f"The case is now at “{target.label}”.")
                return redirect("appeals:case_detail", pk=case.pk)
    else:
        form = form_class(instance=case, service_id=service_id, initial={"version": case.version})
    return render(
        request,
        "appeals/case_transition.html",
        {"case": case, "target": target, "move": move, "form": form},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def pip_estimate(request: HttpRequest, pk) -> HttpResponse:
    case = selectors.case_for_change(request.user, pk)
    can_edit = policy.can_edit_case(request.user, case)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    if not case.is_pip:
        return render(request, "appeals/pip_estimate.html", {"case": case, "not_pip": True})
    rule_set = case.pip_rule_set
    if request.method == "POST":
        form = PipEstimateForm(request.POST, rule_set=rule_set)
        if form.is_valid():
            try:
                case = services.case_set_pip_choices(
                    case=case,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    choices=form.choices(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(
                    request=request, action=AuditAction.UPDATE, obj=case, detail="PIP estimate"
                )
                messages.success(request, "Points estimate saved.")
                return redirect("appeals:pip_estimate", pk=case.pk)
    else:
        form = PipEstimateForm(
            rule_set=rule_set, initial={"version": case.version, **case.pip_choices}
        )
        audit_record(request=request, action=AuditAction.VIEW, obj=case, detail="PIP estimate")
    result = score(rule_set, {k: v for k, v in case.pip_choices.items() if v})
    rows = [
        {
            "activity": activity,
            "field": form[activity.key],
            "points": result.activity_points[activity.key],
        }
        for activity in rule_set.activities()
    ]
    return render(
        request,
        "appeals/pip_estimate.html",
        {
            "case": case,
            "form": form,
            "rule_set": rule_set,
            "result": result,
            "daily_living_rows": rows[:10],
            "mobility_rows": rows[10:],
            "can_edit": can_edit,
        },
    )


@never_cache
@require_POST
def note_add(request: HttpRequest, pk) -> HttpResponse:
    case = _editable_case(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        note = services.note_add(case=case, by=request.user, text=form.cleaned_data["text"])
        audit_record(
            request=request, action=AuditAction.CREATE, obj=note, patient_id=case.patient_id
        )
        messages.success(request, "Note added.")
    else:
        messages.error(request, form.errors["text"][0])
    return redirect("appeals:case_detail", pk=case.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def deadline_add(request: HttpRequest, pk) -> HttpResponse:
    case = _editable_case(request, pk)
    if request.method == "POST":
        form = DeadlineForm(request.POST)
        if form.is_valid():
            try:
                deadline = services.deadline_add(
                    case=case,
                    kind=form.cleaned_data["kind"],
                    due=form.cleaned_data["due"],
                    label=form.cleaned_data["label"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit_record(
                    request=request,
                    action=AuditAction.CREATE,
                    obj=deadline,
                    patient_id=case.patient_id,
                )
                messages.success(request, "Deadline added.")
                return redirect("appeals:case_detail", pk=case.pk)
    else:
        form = DeadlineForm()
    return render(request, "appeals/deadline_form.html", {"form": form, "case": case})


@never_cache
@require_POST
def deadline_status(request: HttpRequest, pk, deadline_id) -> HttpResponse:
    case = _editable_case(request, pk)
    deadline = selectors.deadline_for_change(case, deadline_id)
    form = DeadlineStatusForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            messages.error(request, field_errors[0])
        return redirect("appeals:case_detail", pk=case.pk)
    action = form.cleaned_data["action"]
    try:
        if action == "met":
            services.deadline_mark_met(deadline=deadline, by=request.user)
        elif action == "waive":
            services.deadline_waive(
                deadline=deadline, by=request.user, reason=form.cleaned_data["reason"]
            )
        else:
            services.deadline_reopen(deadline=deadline, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        audit_record(
            request=request, action=AuditAction.UPDATE, obj=deadline, patient_id=case.patient_id
        )
        messages.success(
            request, f"Deadline “{deadline.label}” is now {deadline.get_status_display().lower()}."
        )
    return redirect("appeals:case_detail", pk=case.pk)


@never_cache
@require_GET
def my_deadlines(request: HttpRequest) -> HttpResponse:
    _require_appeals_user(request)
    today = timezone.localdate()
    page = Paginator(selectors.deadlines_due(request.user, today=today), DEADLINES_PAGE_SIZE)
    return render(
        request,
        "appeals/my_deadlines.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "today": today,
            "days": selectors.MY_DEADLINES_DAYS,
            "is_manager": policy.is_manager(request.user),
        },
    )
