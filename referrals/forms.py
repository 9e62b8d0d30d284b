"""The referral intake form and the status form."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django import forms
from django.utils import timezone

from linkwork.accounts.models import Practice, Role, User
from patients.forms import (
    DateInput,
    IdentifierCleaningMixin,
    allow_spaces,
    link_workers_for,
    practices_for,
)
from patients.models import NeedCategory
from referrals.models import (
    CloseOutcome,
    DeclineReason,
    Referral,
    ReferralSource,
    ReferralStatus,
    Urgency,
)

PATIENT_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex_gender",
    "nhs_number",
    "address",
    "postcode",
    "phone",
    "email",
    "practice",
)
REFERRAL_FIELDS = (
    "source",
    "referring_practice",
    "referrer_name",
    "referrer_role",
    "received_on",
    "reasons",
    "reason_text",
    "urgency",
)


class PracticeChoiceField(forms.ModelChoiceField):
    """A practice chosen from the form's list. The registered and the referring practice share
    one read of that list (``practices_by_pk``) rather than one look-up each."""

    practices_by_pk: Callable[[], dict[str, Practice]] | None = None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.practices_by_pk is None or isinstance(value, Practice):
            return super().to_python(value)
        try:
            key = str(uuid.UUID(str(value).strip()))
        except ValueError:
            key = ""
        practice = self.practices_by_pk().get(key)
        if practice is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return practice


class ReferralIntakeForm(IdentifierCleaningMixin, forms.Form):
    """A new referral: who the patient is, where the referral came from and why. When the
    patient may already be registered the form asks (``match``) whether to link to them."""

    # The patient
    given_name = forms.CharField(label="First name", max_length=100)
    family_name = forms.CharField(label="Last name", max_length=100)
    date_of_birth = forms.DateField(widget=DateInput())
    sex_gender = forms.CharField(label="Sex / gender as recorded", max_length=50, required=False)
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        help_text="10 digits, e.g. 943 476 5919. Leave blank if not known.",
    )
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField()
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)
    practice = PracticeChoiceField(label="Registered GP practice", queryset=Practice.objects.none())
    # The referral
    source = forms.ChoiceField(choices=ReferralSource.choices, initial=ReferralSource.GP)
    referring_practice = PracticeChoiceField(
        queryset=Practice.objects.none(),
        required=False,
        help_text="Leave blank to use the registered practice when a GP referred.",
    )
    referrer_name = forms.CharField(max_length=200, required=False)
    referrer_role = forms.CharField(
        max_length=100, required=False, help_text="E.g. GP, practice nurse, housing officer."
    )
    received_on = forms.DateField(label="Date received", widget=DateInput())
    reasons = forms.MultipleChoiceField(
        label="Reasons for referral",
        choices=NeedCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason_text = forms.CharField(
        label="Reason in the referrer's words",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.ROUTINE)
    holder = forms.ModelChoiceField(
        label="Link worker to hold the case",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet (unassigned)",
    )
    # Answers to the questions the form asks when it finds a possible match
    match = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm_second_referral = forms.BooleanField(
        label="Take this referral in even though the patient has an open referral",
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("received_on", timezone.localdate())
        if user.role == Role.LINK_WORKER:
            initial.setdefault("holder", user.pk)
        super().__init__(*args, **kwargs)
        allow_spaces(self.fields["nhs_number"])
        allow_spaces(self.fields["postcode"])
        practices = practices_for(user)
        self.fields["practice"].queryset = practices
        self.fields["referring_practice"].queryset = practices
        listed: dict[str, Practice] = {}

        def practices_by_pk() -> dict[str, Practice]:
            if not listed:
                listed.update({str(practice.pk): practice for practice in practices})
            return listed

        self.fields["practice"].practices_by_pk = practices_by_pk
        self.fields["referring_practice"].practices_by_pk = practices_by_pk
        self.fields["holder"].queryset = link_workers_for(user)
        messages = {
            "given_name": "Enter the patient's first name.",
            "family_name": "Enter the patient's last name.",
            "date_of_birth": "Enter the patient's date of birth.",
            "address": "Enter the patient's address.",
            "postcode": "Enter the patient's postcode.",
            "practice": "Choose the patient's GP practice.",
            "received_on": "Enter the date the referral was received.",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future.")
        return received_on

    def clean(self):
        data = super().clean()
        if not data.get("reasons") and not (data.get("reason_text") or "").strip():
            self.add_error("reasons", "Choose at least one reason or describe the reason.")
        holder, practice = data.get("holder"), data.get("practice")
        if holder and practice and holder.service_id != practice.service_id:
            self.add_error("holder", "Choose a link worker of the service covering the practice.")
        if data.get("source") == ReferralSource.GP and not data.get("referring_practice"):
            data["referring_practice"] = practice
        return data

    def patient_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PATIENT_FIELDS}

    def referral_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in REFERRAL_FIELDS}


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label="What happened")
    decline_reason = forms.ChoiceField(
        label="Reason declined",
        choices=[("", "—"), *DeclineReason.choices],
        required=False,
    )
    close_outcome = forms.ChoiceField(
        label="Outcome (when closing)",
        choices=[("", "—"), *CloseOutcome.choices],
        required=False,
    )
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    message_to_gp = forms.CharField(
        label="Add to the message back to the GP",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Sent when the referral is accepted, declined or closed. Never put contact "
        "notes here.",
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (value, ReferralStatus(value).label) for value in referral.allowed_manual_targets
        ]
        self.fields["to"].error_messages["required"] = "Choose what happened to the referral."
        self.fields["to"].error_messages["invalid_choice"] = (
            "That change is not possible for this referral."
        )

    def clean(self):
        data = super().clean()
        if data.get("to") == ReferralStatus.DECLINED and not data.get("decline_reason"):
            self.add_error("decline_reason", "Choose why the referral was declined.")
        if data.get("to") == ReferralStatus.CLOSED and not data.get("close_outcome"):
            self.add_error("close_outcome", "Choose the outcome of the referral.")
        return data


class ReferralFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, help_text="Name or NHS number")
    status = forms.ChoiceField(
        required=False,
        choices=[("open", "Open"), *ReferralStatus.choices, ("any", "Any status")],
    )
    overdue = forms.BooleanField(label="Overdue first contact only", required=False)
    second_open = forms.BooleanField(label="Second open referrals only", required=False)
