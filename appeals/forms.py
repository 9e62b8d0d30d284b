"""Forms of the appeal pages. They collect and check input; the services decide and save."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize

from appeals.models import AppealCase, DeadlineKind
from appeals.pip import RuleSet
from appeals.services import EDITABLE_FIELDS, PIP_FIELDS
from appeals.stages import OFFERED_WITH, Move
from linkwork.accounts.models import Role, User
from linkwork.forms import date_widget, friendly_errors

DATE_FIELDS = {
    f.name for f in AppealCase._meta.get_fields() if f.get_internal_type() == "DateField"
}

CREATE_FIELDS: tuple[str, ...] = (
    "holder",
    "referral",
    "benefit",
    "decision_date",
    "statement_of_reasons_requested",
    "daily_living_before",
    "mobility_before",
    "daily_living_decided",
    "mobility_decided",
    "decision_summary",
    "motability_customer",
    "mobility_allowance_end_date",
)


# Groups of case fields on the create and edit forms (legends are fixed text).
FIELD_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Who and which benefit", ("holder", "referral", "benefit")),
    (
        "The decision",
        (
            "decision_date",
            "statement_of_reasons_requested",
            "daily_living_before",
            "mobility_before",
            "daily_living_decided",
            "mobility_decided",
            "decision_summary",
        ),
    ),
    ("Mandatory reconsideration", ("mr_requested_date", "mr_notice_date", "mr_result")),
    (
        "The appeal",
        ("appeal_lodged_date", "tribunal_reference", "dwp_response_date"),
    ),
    (
        "Hearing and outcome",
        (
            "hearing_type",
            "hearing_date",
            "outcome",
            "outcome_date",
            "daily_living_after_appeal",
            "mobility_after_appeal",
        ),
    ),
    ("Motability", ("motability_customer", "mobility_allowance_end_date")),
)


def _grouped_layout(field_names: list[str]) -> Layout:
    """Fieldsets of the fields present, in FIELD_GROUPS order; PIP fields are marked so
    ``static/js/appeals.js`` can hide them for other benefits."""
    present = set(field_names)
    parts = []
    grouped: set[str] = set()
    for legend, names in FIELD_GROUPS:
        fields = [
            Div(name, css_class="pip-only") if name in PIP_FIELDS else name
            for name in names
            if name in present
        ]
        grouped |= present & set(names)
        if fields:
            parts.append(Fieldset(legend, *fields))
    parts += [name for name in field_names if name not in grouped]
    return Layout(*parts)


class _CaseFieldsForm(forms.ModelForm):
    """Case fields with date pickers, plain error messages and holders of the service."""

    def __init__(self, *args: Any, service_id=None, patient=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "referral" in self.fields:
            patient = patient or self.instance.patient
            self.fields["referral"].queryset = patient.referrals.order_by("-received_on")
            self.fields["referral"].label_from_instance = lambda r: (
                f"Referral received {r.received_on:%d/%m/%Y}"
            )
        if "holder" in self.fields:
            self.fields["holder"].queryset = User.objects.filter(
                role=Role.LINK_WORKER, service_id=service_id, is_active=True
            ).order_by("first_name", "last_name")
            self.fields["holder"].empty_label = None
        friendly_errors(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = _grouped_layout(list(self.fields))

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CaseCreateForm(_CaseFieldsForm):
    class Meta:
        model = AppealCase
        fields = CREATE_FIELDS
        widgets = {name: date_widget() for name in DATE_FIELDS & set(CREATE_FIELDS)}


class CaseForm(_CaseFieldsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AppealCase
        fields = EDITABLE_FIELDS
        widgets = {name: date_widget() for name in DATE_FIELDS & set(EDITABLE_FIELDS)}


def transition_form_class(move: Move) -> type[forms.ModelForm]:
    """A form asking for what the move to ``move.target`` needs, and a reason."""
    asked = tuple(dict.fromkeys((*move.requires, *OFFERED_WITH.get(move.target, ()))))

    class TransitionForm(_CaseFieldsForm):
        version = forms.IntegerField(widget=forms.HiddenInput)
        reason = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}),
            required=move.needs_reason,
            help_text="Why the case is moving to this stage."
            if move.needs_reason
            else "Optional: anything worth recording with this change.",
        )

        class Meta:
            model = AppealCase
            fields = asked
            widgets = {name: date_widget() for name in DATE_FIELDS & set(asked)}

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in move.requires:
                self.fields[name].required = True
            if move.needs_reason:
                self.fields["reason"].error_messages["required"] = (
                    f"Say why the case is moving to “{move.target.label}”."
                )

    return TransitionForm


class PatientChoiceForm(forms.Form):
    """Which patient a new appeal case is for: the people whose case the user holds first."""

    patient = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a patient",
        error_messages={
            "required": "Choose the patient the appeal is for.",
            "invalid_choice": "Choose one of the listed patients.",
        },
    )

    def __init__(self, *args: Any, patients, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["patient"].queryset = patients
        self.fields["patient"].label_from_instance = lambda p: (
            f"{p.family_name}, {p.given_name} (born {p.date_of_birth:%d/%m/%Y})"
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Write the note before saving it."},
    )


class DeadlineForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(DeadlineKind.TASK, "Task"), (DeadlineKind.STATEMENT, "Supporting statement")],
        initial=DeadlineKind.TASK,
    )
    label = forms.CharField(
        label="What has to be done",
        max_length=200,
        help_text="E.g. “Chase GP letter” or “Send symptom diary to DWP”.",
        error_messages={"required": "Say what has to be done by this date."},
    )
    due = forms.DateField(
        label="Due on",
        widget=date_widget(),
        error_messages={
            "required": "Enter the date it is due.",
            "invalid": "Enter the due date as a real date, e.g. 31/01/2025.",
        },
    )


class DeadlineStatusForm(forms.Form):
    ACTIONS = (("met", "Mark done"), ("waive", "Waive"), ("reopen", "Reopen"))
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "waive" and not data.get("reason", "").strip():
            raise ValidationError({"reason": "Say why this deadline no longer applies."})
        return data


class PipEstimateForm(forms.Form):
    """One choice per PIP activity, from the rule set in force on the decision date."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rule_set: RuleSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule_set = rule_set
        for activity in rule_set.activities():
            self.fields[activity.key] = forms.ChoiceField(
                label=f"{activity.number}. {activity.title}",
                required=False,
                choices=[("", "Not assessed yet")]
                + [
                    (d.letter, f"{d.letter}. {d.text} ({d.points} point{pluralize(d.points)})")
                    for d in activity.descriptors
                ],
                error_messages={"invalid_choice": "Choose one of the listed descriptors."},
            )

    def choices(self) -> dict[str, str]:
        return {
            a.key: self.cleaned_data[a.key]
            for a in self.rule_set.activities()
            if self.cleaned_data.get(a.key)
        }
