from django import forms

from linkwork.core.errors import RuleViolation


def add_rule_violations(
    form: forms.BaseForm, violation: RuleViolation, field_map: dict[str, str] | None = None
) -> None:
    """Put a service's rule violations on the form fields they name (or on the form as a whole)."""
    field_map = field_map or {}
    for error in violation.errors:
        name = field_map.get(error.field, error.field)
        target = name if name in form.fields else None
        message = error.message[:1].upper() + error.message[1:]
        form.add_error(target, message)
