"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError


def date_widget() -> forms.DateInput:
    """The browser's date picker, which reads and writes ISO dates."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def friendly_errors(form: forms.BaseForm) -> None:
    """Error messages in plain words on every field of the form, naming the field by its label:
    missing, not one of the options, too long, unprintable characters, not a real date."""
    for name, field in form.fields.items():
        label = (field.label or name.replace("_", " ")).lower()
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = f"Enter the {label} as a real date, e.g. 31/01/2025."
        field.error_messages["required"] = f"Enter the {label}."
        field.error_messages["invalid_choice"] = f"Choose one of the options for {label}."
        field.error_messages["max_length"] = (
            f"Keep the {label} under %(limit_value)d characters (it has %(show_value)d)."
        )
        field.error_messages["null_characters_not_allowed"] = (
            f"Remove the unprintable characters from the {label}."
        )


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: on the field it names when the form has
    that field, otherwise in the error summary at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
