"""The form to generate a letter. It collects and checks input; ``letter_request`` decides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from appeals.letters.models import LetterKind
from appeals.letters.services import GROUNDS_MAX_LENGTH
from appeals.pip import RuleSet

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from appeals.statements.models import SupportStatement

AWARDED_PREFIX = "awarded_"


def _statement_label(statement: SupportStatement) -> str:
    signed = (
        f", signed {timezone.localtime(statement.signed_at):%d/%m/%Y}"
        if statement.signed_at
        else ""
    )
    maker = f" from {statement.maker}" if statement.maker else ""
    return f"{statement.get_kind_display()}{maker}{signed} (version {statement.version})"


class LetterRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of letter",
        choices=LetterKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of letter.",
            "invalid_choice": "Choose one of the kinds of letter listed.",
        },
    )
    grounds = forms.CharField(
        label="Grounds",
        required=False,
        max_length=GROUNDS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Why the decision is wrong, in plain words: what the patient cannot do, how "
        "often, and what help they need. Printed exactly as written.",
        error_messages={
            "max_length": f"Keep the grounds under {GROUNDS_MAX_LENGTH:,} characters.",
        },
    )

    statements = forms.ModelMultipleChoiceField(
        label="Signed statements to include",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Printed in full, with who signed and when. A GP support letter needs a "
        "signed GP statement.",
        error_messages={"invalid_choice": "Choose only the statements listed."},
    )

    def __init__(
        self,
        *args: Any,
        statements: QuerySet | None = None,
        rule_set: RuleSet | None = None,
        awarded_initial: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rule_set = rule_set
        field = self.fields["statements"]
        field.queryset = statements
        field.label_from_instance = _statement_label
        if statements is not None and not self.is_bound:
            field.initial = [s.pk for s in statements]
        awarded_initial = awarded_initial or {}
        if rule_set is None:
            return
        for activity in rule_set.activities():
            self.fields[f"{AWARDED_PREFIX}{activity.key}"] = forms.IntegerField(
                label=f"{activity.number}. {activity.title}",
                required=False,
                min_value=0,
                max_value=activity.max_points,
                initial=awarded_initial.get(activity.key),
                help_text=f"0 to {activity.max_points} points.",
                error_messages={
                    "invalid": f"Enter the points for {activity.title.lower()} as a whole number.",
                    "min_value": f"Points for {activity.title.lower()} cannot be below 0.",
                    "max_value": f"{activity.title} scores at most {activity.max_points} points.",
                },
            )

    @property
    def awarded_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(AWARDED_PREFIX)]

    def awarded_points(self) -> dict[str, int]:
        return {
            name.removeprefix(AWARDED_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(AWARDED_PREFIX) and value is not None
        }
