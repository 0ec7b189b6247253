"""A form built from a questionnaire definition: one NHS.UK component per item.

Like every linkwork form it only parses (no field is `required`); the measures service checks presence
and every rule, so one submission lists every unanswered or out-of-range item in the error summary.
"""

from typing import Any

from django import forms
from django.utils import timezone

from linkwork.measures.definitions import CHOICE, COUNT, LICENSED_SCORE, SCALE, YES_NO, Definition, Item
from linkwork.measures.services import MeasureDetails
from linkwork.nhsuk_forms.fields import SplitDateField

YES_NO_CHOICES = [("yes", "Yes"), ("no", "No")]
# Up to this many unlabelled values sit on one line (ONS4's 0-10); longer ranges are a number box.
MAX_INLINE_RADIOS = 11


def _field_name(item_id: str) -> str:
    return f"answer_{item_id}"


def _hint(item: Item) -> str:
    if item.type == SCALE and item.anchors:
        return ", ".join(f"{value} = {text.lower()}" for value, text in sorted(item.anchors.items()))
    if item.type == COUNT:
        return f"A whole number, 0 to {item.max}" + ("" if item.required else " (leave empty if not known)")
    return ""


def item_field(item: Item) -> forms.Field:
    label = item.text or item.label
    hint = _hint(item)
    if item.type == SCALE:
        assert item.min is not None and item.max is not None
        values = range(item.min, item.max + 1)
        if item.options or len(values) <= MAX_INLINE_RADIOS:
            choices = [(str(v), f"{v} {item.options[v]}" if item.options else str(v)) for v in values]
            return forms.ChoiceField(
                label=label, required=False, choices=choices, widget=forms.RadioSelect, help_text=hint
            )
    if item.type == YES_NO:
        return forms.ChoiceField(label=label, required=False, choices=YES_NO_CHOICES, widget=forms.RadioSelect)
    if item.type == CHOICE:
        return forms.ChoiceField(
            label=label, required=False, choices=list(item.options.items()), widget=forms.RadioSelect
        )
    return forms.IntegerField(
        label=label,
        required=False,
        help_text=hint,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 3}),
    )


class MeasureForm(forms.Form):
    # Today unless changed: a questionnaire is usually entered the day the person answers it.
    taken_on = SplitDateField(
        label="Date taken", required=False, help_text="For example, 27 3 2027", initial=timezone.localdate
    )

    def __init__(self, *args, definition: Definition, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        for item in definition.items:
            self.fields[_field_name(item.id)] = item_field(item)
        if definition.kind == LICENSED_SCORE:
            spec = definition.score
            assert spec is not None
            self.fields["score"] = forms.DecimalField(
                label=spec.label,
                required=False,
                help_text=f"From {spec.min} to {spec.max}, to {spec.decimals} decimal place, from the licensed tool",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "width": 4}),
            )
        if definition.licence_reference != "none":
            self.fields["licence_reference"] = forms.CharField(
                label="Licence reference",
                required=False,
                help_text="The licence this was taken under"
                + (" (optional)" if definition.licence_reference == "optional" else ""),
                widget=forms.TextInput(attrs={"width": 10}),
            )
        if definition.reassessment_months is not None:
            self.fields["support_taken_up"] = forms.ChoiceField(
                label="Has the person taken up the support they were connected to?",
                required=False,
                choices=YES_NO_CHOICES,
                widget=forms.RadioSelect,
                help_text=f"Needed for a reassessment sooner than {definition.reassessment_months} months after the "
                "last one",
            )
        if definition.kind == LICENSED_SCORE:
            assert definition.score is not None
            self.fields["not_suitable_reason"] = forms.ChoiceField(
                label=f"Or, if the {definition.short_name} was not suitable, why",
                required=False,
                choices=list(definition.score.not_suitable.items()),
                widget=forms.RadioSelect,
                help_text="Leave the score empty if you choose a reason",
            )

    def item_fields(self) -> list[tuple[forms.BoundField, dict[str, Any]]]:
        """Each item's bound field with how to draw it: short unlabelled scales as one row of radios."""
        out = []
        for item in self.definition.items:
            bf = self[_field_name(item.id)]
            inline = item.type == YES_NO or (
                item.type == SCALE and not item.options and isinstance(bf.field.widget, forms.RadioSelect)
            )
            out.append((bf, {"classes": "nhsuk-radios--inline"} if inline else {}))
        return out

    def other_fields(self) -> list[forms.BoundField]:
        names = ("score", "licence_reference", "support_taken_up", "not_suitable_reason")
        return [self[name] for name in names if name in self.fields]

    def measure_details(self) -> MeasureDetails:
        d = self.cleaned_data
        answers: dict[str, Any] = {}
        for item in self.definition.items:
            raw = d.get(_field_name(item.id))
            if raw in (None, ""):
                answers[item.id] = None
            elif item.type == YES_NO:
                answers[item.id] = raw == "yes"
            elif item.type == SCALE:
                answers[item.id] = int(raw)
            else:
                answers[item.id] = raw
        score = d.get("score")
        return MeasureDetails(
            instrument=self.definition.key,
            taken_on=d.get("taken_on"),
            answers=answers if self.definition.items else None,
            score=score,
            licence_reference=d.get("licence_reference") or "",
            not_suitable_reason=d.get("not_suitable_reason") or "",
            support_taken_up={"yes": True, "no": False}.get(d.get("support_taken_up") or ""),
        )

    def error_field_map(self) -> dict[str, str]:
        """The service's field names (answers.anxiety) mapped to this form's (answer_anxiety)."""
        return {f"answers.{item.id}": _field_name(item.id) for item in self.definition.items}
