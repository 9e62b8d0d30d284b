"""The reminder preferences form."""

from django import forms
from django.conf import settings


def _offset_label(days: int) -> str:
    if days == 0:
        return "On the day it is due (the working day before, if that is a weekend or holiday)"
    return "1 day before" if days == 1 else f"{days} days before"


class PreferencesForm(forms.Form):
    offsets = forms.TypedMultipleChoiceField(
        label="Remind me",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Overdue reminders are always sent, whatever you choose here.",
        error_messages={"invalid_choice": "Choose from the days listed."},
    )
    email_enabled = forms.BooleanField(
        label="Email me reminders as well",
        required=False,
        help_text="Reminders always appear under the bell. Emails show only the patient's "
        "initials and the kind of deadline.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offsets"].choices = [
            (days, _offset_label(days))
            for days in sorted(settings.REMINDER_OFFSETS_DAYS, reverse=True)
        ]

    def clean_offsets(self) -> list[int]:
        return sorted(set(self.cleaned_data["offsets"]), reverse=True)
