"""Forms for the patient record. Forms check what was typed; services apply the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.accounts.models import Practice, Role, User
from patients.identifiers import normalise_nhs_number, normalise_ni_number, normalise_postcode
from patients.models import (
    FLAG_FIELDS,
    MEASURE_ITEMS,
    ConsentMethod,
    ConsentScope,
    ContactKind,
    ContactOutcome,
    MeasureKind,
    Need,
    NeedCategory,
    Patient,
    SupportKind,
    SupportOutcome,
    Timepoint,
)
from patients.selectors import link_workers_in, practices_in

if TYPE_CHECKING:
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def practices_for(user: User) -> QuerySet[Practice]:
    """The practices a user may pick: every one for administrators, else their service's."""
    return practices_in(None if user.role == Role.ADMINISTRATOR else user.service_id)


def link_workers_for(user: User) -> QuerySet[User]:
    """The active link workers a user may give a patient to: every service's for
    administrators, else their service's."""
    return link_workers_in(None if user.role == Role.ADMINISTRATOR else user.service_id)


def allow_spaces(field: forms.CharField, max_length: int = 20) -> None:
    """Let an identifier be typed with spaces; it is normalised to its stored length later."""
    field.max_length = max_length
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(max_length))
    field.widget.attrs["maxlength"] = str(max_length)


class IdentifierCleaningMixin:
    """Normalise typed identifiers into their stored form, with plain-English errors."""

    def _normalised(self, name, normalise):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return ""
        try:
            return normalise(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_nhs_number(self):
        return self._normalised("nhs_number", normalise_nhs_number)

    def clean_ni_number(self):
        return self._normalised("ni_number", normalise_ni_number)

    def clean_postcode(self):
        return self._normalised("postcode", normalise_postcode)

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past.")
        if born.year < 1900:
            raise forms.ValidationError("Check the year of birth.")
        return born


PATIENT_DETAIL_FIELDS = [
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "sex_gender",
    "nhs_number",
    "ni_number",
    "address",
    "postcode",
    "phone",
    "email",
    "preferred_contact_method",
    "preferred_contact_times",
    "interpreter_language",
    "accessibility_needs",
    "practice",
]


class PatientForm(IdentifierCleaningMixin, forms.ModelForm):
    """The patient's details. NHS number, NI number and postcode are accepted with spaces and in
    lower case and stored normalised."""

    class Meta:
        model = Patient
        fields = [*PATIENT_DETAIL_FIELDS, "status", *FLAG_FIELDS]
        widgets = {
            "date_of_birth": DateInput(),
            "address": forms.Textarea(attrs={"rows": 3}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices_for(user)
        for name in ("nhs_number", "ni_number", "postcode"):
            allow_spaces(self.fields[name])
        self.fields["given_name"].error_messages["required"] = "Enter the patient's first name."
        self.fields["family_name"].error_messages["required"] = "Enter the patient's last name."
        self.fields["date_of_birth"].error_messages["required"] = "Enter the date of birth."
        self.fields["address"].error_messages["required"] = "Enter the patient's address."
        self.fields["postcode"].error_messages["required"] = "Enter the postcode."
        self.fields["practice"].error_messages["required"] = "Choose the registered GP practice."


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(
        label="Consent to", choices=ConsentScope.choices, widget=forms.RadioSelect
    )
    organisation = forms.CharField(
        max_length=200,
        required=False,
        help_text="For sharing: the organisation, e.g. Citizens Advice Manchester.",
    )
    given = forms.TypedChoiceField(
        label="Decision",
        choices=[("yes", "Gives consent"), ("no", "Refuses or withdraws consent")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label="Date of the decision", widget=DateInput())
    method = forms.ChoiceField(label="How it was given", choices=ConsentMethod.choices)
    note = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"decided_on": timezone.localdate(), "given": "yes"})
        super().__init__(*args, **kwargs)
        self.fields["scope"].error_messages["required"] = "Choose what the consent is for."
        self.fields["given"].error_messages["required"] = "Choose the patient's decision."

    def clean(self):
        data = super().clean()
        if data.get("scope") == ConsentScope.SHARE and not data.get("organisation", "").strip():
            self.add_error("organisation", "Name the organisation to share with.")
        return data


class ContactForm(forms.Form):
    at = forms.DateTimeField(label="Date and time", widget=DateTimeInput())
    kind = forms.ChoiceField(label="Type", choices=ContactKind.choices)
    outcome = forms.ChoiceField(choices=ContactOutcome.choices)
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=0, max_value=600, required=False
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "at": timezone.localtime().replace(second=0, microsecond=0),
                "kind": ContactKind.PHONE,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["at"].error_messages["required"] = "Enter the date and time of the contact."
        self.fields["at"].error_messages["invalid"] = "Enter a real date and time."


class NeedForm(forms.Form):
    category = forms.ChoiceField(label="Need or concern", choices=NeedCategory.choices)
    detail = forms.CharField(
        label="What matters to the patient",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    identified_on = forms.DateField(label="Date identified", widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"identified_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class SupportOfferForm(forms.Form):
    need = forms.ModelChoiceField(
        queryset=Need.objects.none(), required=False, empty_label="Not linked to a need"
    )
    kind = forms.ChoiceField(label="Support", choices=SupportKind.choices)
    organisation = forms.CharField(max_length=200, help_text="E.g. Citizens Advice Manchester.")
    offered_on = forms.DateField(label="Date", widget=DateInput())
    outcome = forms.ChoiceField(choices=SupportOutcome.choices, initial=SupportOutcome.PENDING)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, patient: Patient, **kwargs):
        kwargs.setdefault("initial", {"offered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = patient.needs.filter(resolved_on__isnull=True)
        self.fields["organisation"].error_messages["required"] = "Enter the organisation."


class SupportOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=SupportOutcome.choices)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class NeedResolveForm(forms.Form):
    resolved_on = forms.DateField(label="Date met", widget=DateInput())


class MeasureForm(forms.Form):
    """An outcome measure: the kind's items become one field each (0-10 for ONS4)."""

    kind = forms.ChoiceField(label="Measure", choices=MeasureKind.choices)
    timepoint = forms.ChoiceField(choices=Timepoint.choices, widget=forms.RadioSelect)
    taken_on = forms.DateField(label="Date completed", widget=DateInput())

    def __init__(self, *args, has_baseline: bool = False, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "kind": MeasureKind.ONS4,
                "taken_on": timezone.localdate(),
                "timepoint": Timepoint.FOLLOW_UP if has_baseline else Timepoint.BASELINE,
            },
        )
        super().__init__(*args, **kwargs)
        for item in MEASURE_ITEMS[MeasureKind.ONS4]:
            self.fields[item.key] = forms.IntegerField(
                label=item.question,
                min_value=item.low,
                max_value=item.high,
                help_text=f"{item.low} (not at all) to {item.high} (completely)",
                error_messages={
                    "required": "Enter a score for this question.",
                    "invalid": f"Enter a whole number from {item.low} to {item.high}.",
                    "min_value": f"Enter a whole number from {item.low} to {item.high}.",
                    "max_value": f"Enter a whole number from {item.low} to {item.high}.",
                },
            )

    def scores(self) -> dict[str, int]:
        kind = self.cleaned_data["kind"]
        return {item.key: self.cleaned_data[item.key] for item in MEASURE_ITEMS[kind]}


class ReassignForm(forms.Form):
    holder = forms.ModelChoiceField(
        label="Link worker",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody (unassigned)",
    )
    reason = forms.CharField(
        max_length=200, required=False, help_text="Kept in the record's history."
    )

    def __init__(self, *args, patient: Patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = link_workers_in(patient.practice.service_id)
