"""Forms for signing in: the one-time code of two-factor authentication."""

import re

from django import forms

CODE_PATTERN = re.compile(r"[0-9]{6}")


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        help_text="Six digits. A new code appears every 30 seconds.",
        error_messages={"required": "Enter the six-digit code from your authenticator app."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not CODE_PATTERN.fullmatch(code):
            raise forms.ValidationError("Enter the code as six digits, for example 123456.")
        return code
