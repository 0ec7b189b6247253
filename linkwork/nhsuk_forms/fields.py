"""Form fields shaped like the NHS.UK design system's inputs."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError


class SplitDateWidget(forms.MultiWidget):
    """Day, month and year boxes (the NHS.UK date input)."""

    def __init__(self, attrs=None):
        super().__init__({"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class SplitDateField(forms.MultiValueField):
    widget = SplitDateWidget

    def __init__(self, **kwargs):
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1000, max_value=9999),
        )
        kwargs.setdefault(
            "error_messages",
            {"incomplete": "Enter a complete date with day, month and year", "invalid": "Enter a real date"},
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        if any(v in (None, "") for v in data_list):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, month, year = data_list
        try:
            return date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
