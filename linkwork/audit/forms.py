"""The audit log's filter form (GET): every field optional, bad values reported in words."""

from django import forms

from linkwork.audit.models import AuditAction


class AuditFilterForm(forms.Form):
    user = forms.CharField(
        label="User",
        required=False,
        max_length=150,
        help_text="Username, or part of it.",
    )
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices]
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as a date, for example 2026-03-31."},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date as a date, for example 2026-03-31."},
    )
    patient = forms.UUIDField(
        label="Patient id",
        required=False,
        help_text="The patient's record id (from the address of their page).",
        error_messages={"invalid": "Enter the patient id as it appears in the record's address."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned
