"""Forms of the statement pages. They collect and check input; the services decide and save."""

from __future__ import annotations

from typing import Any

from django import forms

from appeals.statements import content
from appeals.statements.models import (
    CONTENT_FIELDS,
    IMPACT_PARTS,
    StatementKind,
    SupportStatement,
)
from appeals.statements.services import IMPACT_LIMIT, TEXT_LIMIT, default_due, gps_of_practice
from linkwork.forms import date_widget, friendly_errors

PRACTICE_WIDE = "practice"


DEFAULT_REQUEST_MESSAGE = (
    "I am supporting this patient with an appeal against a benefit decision. Could you write "
    "a short statement covering their conditions and how long they have had them, treatment "
    "and medication, and how their health affects daily activities (how often, how reliably, "
    "and what help they need)? Any effect of the decision on their mental health helps too."
)


class StatementRequestForm(forms.Form):
    requested_of = forms.ChoiceField(
        label="Who to ask",
        help_text="A named GP, or any GP of the patient's practice (whoever picks it up first).",
    )
    message = forms.CharField(
        label="What you are asking for",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what the appeal is about and what the statement should cover. The GP "
        "sees this, the patient's name, date of birth and NHS number, and the appeal's benefit "
        "and stage: nothing else of the case.",
    )
    due = forms.DateField(
        label="Due date",
        widget=date_widget(),
        help_text="Added to the case's deadlines, so reminders cover it.",
    )

    def __init__(self, *args: Any, practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gps = {str(gp.pk): gp for gp in gps_of_practice(practice)}
        # Unless given: the practice's only GP (or any GP there), a standard message and due date.
        self.initial = {
            "requested_of": next(iter(self.gps)) if len(self.gps) == 1 else PRACTICE_WIDE,
            "message": DEFAULT_REQUEST_MESSAGE,
            "due": default_due(),
            **self.initial,
        }
        self.fields["requested_of"].choices = [
            (PRACTICE_WIDE, f"Any GP at {practice.name}"),
            *((pk, f"{gp} ({gp.job_title or 'GP'})") for pk, gp in self.gps.items()),
        ]
        friendly_errors(self)
        self.fields["message"].error_messages["required"] = (
            "Say what you would like the GP to write about."
        )

    def requested_of_user(self):
        return self.gps.get(self.cleaned_data["requested_of"])


def _impact_name(key: str, part: str) -> str:
    return f"impact__{key}__{part}"


# The text box of each written section: its rows and help text (labels are ``content.HEADINGS``).
SECTION_INPUTS: dict[str, tuple[int, str]] = {
    "conditions": (4, "Physical and mental health conditions, with diagnoses where known."),
    "duration": (2, "Since when, and whether they are expected to last (PIP needs 12 months)."),
    "treatment": (4, "Current treatment and medication, and their side effects."),
    "mental_health_effect": (3, "Including any effect of the decision itself (anxiety, low mood)."),
    "statement": (6, "Anything else the tribunal should know, in your own words."),
}


def _section_field(name: str) -> forms.CharField:
    rows, help_text = SECTION_INPUTS[name]
    return forms.CharField(
        label=content.HEADINGS[name],
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class StatementContentForm(forms.Form):
    """The content of a statement: the written sections and, for PIP, the impact on each of
    the twelve activities (leave blank where an activity is not affected)."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, show_activities: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {**{name: _section_field(name) for name in CONTENT_FIELDS}, **self.fields}
        self.show_activities = show_activities
        self.activities = content.pip_activities() if show_activities else ()
        for activity in self.activities:
            for part, label in IMPACT_PARTS:
                self.fields[_impact_name(activity.key, part)] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=IMPACT_LIMIT,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        friendly_errors(self)

    @classmethod
    def initial_for(cls, statement: SupportStatement) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(statement, name) for name in CONTENT_FIELDS}
        initial["fingerprint"] = content.draft_fingerprint(statement)
        for key, entry in content.clean_impacts(statement.activity_impacts).items():
            for part, value in entry.items():
                initial[_impact_name(key, part)] = value
        return initial

    def activity_groups(self) -> list[dict[str, Any]]:
        return [
            {
                "activity": activity,
                "fields": [self[_impact_name(activity.key, part)] for part, _ in IMPACT_PARTS],
            }
            for activity in self.activities
        ]

    def main_fields(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def values(self, keep_impacts: dict | None = None) -> dict[str, Any]:
        values: dict[str, Any] = {name: self.cleaned_data[name] for name in CONTENT_FIELDS}
        if self.show_activities:
            values["activity_impacts"] = {
                activity.key: {
                    part: self.cleaned_data[_impact_name(activity.key, part)]
                    for part, _ in IMPACT_PARTS
                }
                for activity in self.activities
            }
        else:
            values["activity_impacts"] = keep_impacts or {}
        return values


class SignForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    registration = forms.CharField(
        label="Professional registration",
        max_length=50,
        required=False,
        help_text="E.g. your GMC number. Printed beside your signature.",
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Enter the password you sign in with, to confirm it is you signing.",
    )
    confirm = forms.BooleanField(
        label="I confirm this statement is true to the best of my knowledge, and understand "
        "it cannot be changed after signing (only corrected by a new version).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        friendly_errors(self)
        self.fields["password"].error_messages["required"] = "Enter your password to sign."
        self.fields["confirm"].error_messages["required"] = (
            "Tick the box to confirm the statement is true."
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, required: bool = True, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        self.fields["reason"].help_text = help_text
        friendly_errors(self)
        self.fields["reason"].error_messages["required"] = "Say why."


class StatementStartForm(forms.Form):
    kind = forms.ChoiceField(
        label="Whose statement",
        choices=[
            (StatementKind.LINK_WORKER, "My own statement, as the patient's link worker"),
            (StatementKind.CARER, "A carer's statement, written down with them"),
        ],
        widget=forms.RadioSelect,
        initial=StatementKind.LINK_WORKER,
    )
    maker_name = forms.CharField(
        label="Carer's name", max_length=200, required=False, help_text="For a carer statement."
    )
    maker_relationship = forms.CharField(
        label="Relationship to the patient",
        max_length=100,
        required=False,
        help_text="E.g. daughter, partner, neighbour.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        friendly_errors(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == StatementKind.CARER and not (data.get("maker_name") or "").strip():
            self.add_error("maker_name", "Enter the carer's name.")
        return data
