"""The activity form parses what was typed; the service checks presence and every rule (ADR 0004)."""

from django import forms

from linkwork.activities.policy import MAX_MINUTES
from linkwork.activities.vocabularies import ACTIVITY_KINDS
from linkwork.nhsuk_forms.fields import SplitDateField


class ActivityForm(forms.Form):
    occurred_on = SplitDateField(label="Date", required=False, help_text="For example, 3 11 2026")
    minutes = forms.IntegerField(
        label="How long, in minutes",
        required=False,
        help_text=f"From 1 to {MAX_MINUTES}; count the time you spent, including getting ready",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 3}),
    )
    kind = forms.ChoiceField(
        label="What kind of activity", required=False, choices=ACTIVITY_KINDS.choices(), widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note",
        required=False,
        strip=False,
        help_text="What it was, for you and your supervisor. Do not write anyone's name, NHS number or other details.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].error_messages["invalid"] = "Enter the minutes as a whole number, for example 90"
