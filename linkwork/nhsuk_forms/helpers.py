"""Turn Django bound fields into the parameters the NHS.UK frontend macros take.

Templates call `form_field(form["name"])` (nhsuk_forms/macros.jinja), which asks `field_params` which
component to draw and with what, so every form in linkwork renders the same accessible components.
"""

from typing import Any

from django import forms
from django.forms.boundfield import BoundField

from linkwork.nhsuk_forms.fields import SplitDateWidget


def _error(bf: BoundField) -> dict[str, str] | None:
    return {"text": " ".join(str(e) for e in bf.errors)} if bf.errors else None


def _hint(bf: BoundField) -> dict[str, str] | None:
    return {"text": str(bf.help_text)} if bf.help_text else None


def _selected(bf: BoundField) -> list[str]:
    value = bf.value()
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _choice_items(bf: BoundField) -> list[dict[str, Any]]:
    selected = _selected(bf)
    items = []
    for value, label in bf.field.choices:
        if value in ("", None) and isinstance(bf.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            continue
        items.append(
            {
                "value": str(value),
                "text": str(label),
                "checked": str(value) in selected,
                "selected": str(value) in selected,
            }
        )
    return items


def field_params(bf: BoundField, **overrides: Any) -> dict[str, Any]:
    """Return {"component": ..., "params": {...}} for one bound field."""
    widget = bf.field.widget
    label = {"text": str(bf.label)}
    common: dict[str, Any] = {
        "id": bf.auto_id or bf.html_name,
        "name": bf.html_name,
        "hint": _hint(bf),
        "errorMessage": _error(bf),
    }
    choice_common = {key: value for key, value in common.items() if key != "id"}
    legend = {"text": str(bf.label), "size": "s"}

    if isinstance(widget, SplitDateWidget):
        values = widget.decompress(bf.value()) if not isinstance(bf.value(), list) else bf.value()
        parts = ("day", "month", "year")
        component = "dateInput"
        params = {
            "id": bf.auto_id,
            "fieldset": {"legend": legend},
            "hint": _hint(bf),
            "errorMessage": _error(bf),
            "items": [
                {
                    "name": f"{bf.html_name}_{part}",
                    "id": f"{bf.auto_id}_{part}",
                    "label": part.capitalize(),
                    "value": "" if values[i] is None else values[i],
                    "width": 4 if part == "year" else 2,
                    "classes": "nhsuk-input--error" if bf.errors else "",
                }
                for i, part in enumerate(parts)
            ],
        }
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        # Checked before RadioSelect, which Django's CheckboxSelectMultiple subclasses.
        # Radios and checkboxes take `idPrefix` (the first item gets exactly that id, so the error summary can link
        # to it). Their container must not also get it as `id`: a label's `for` would then find the container
        # rather than the first input, leaving that input without a label.
        component = "checkboxes"
        params = {**choice_common, "idPrefix": bf.auto_id, "fieldset": {"legend": legend}, "items": _choice_items(bf)}
    elif isinstance(widget, forms.RadioSelect):
        component = "radios"
        params = {**choice_common, "idPrefix": bf.auto_id, "fieldset": {"legend": legend}, "items": _choice_items(bf)}
        params["value"] = (_selected(bf) or [None])[0]
    elif isinstance(widget, forms.CheckboxInput):
        component = "checkboxes"
        params = {
            **choice_common,
            "idPrefix": bf.auto_id,
            "items": [{"value": "on", "text": str(bf.label), "checked": bool(bf.value())}],
        }
    elif isinstance(widget, forms.Select):
        component = "select"
        params = {**common, "label": label, "items": _choice_items(bf)}
        params["value"] = (_selected(bf) or [""])[0]
    elif isinstance(widget, forms.Textarea):
        component = "textarea"
        params = {**common, "label": label, "value": bf.value() or "", "rows": widget.attrs.get("rows", 4)}
    else:
        component = "input"
        input_type = getattr(widget, "input_type", "text")
        value = bf.value()
        params = {**common, "label": label, "value": "" if value is None else value, "type": input_type}
        for key in ("autocomplete", "inputmode", "spellcheck"):
            if key in widget.attrs:
                params[key] = widget.attrs[key]
        if "width" in widget.attrs:
            params["classes"] = f"nhsuk-input--width-{widget.attrs['width']}"
    params.update(overrides)
    return {"component": component, "params": params}


def form_error_summary(form: forms.BaseForm) -> dict[str, Any] | None:
    """Parameters for the NHS.UK error summary, linking each message to its field."""
    if not form.errors:
        return None
    items = []
    # In the order the fields appear on the page (the services report problems in their own order), so the
    # summary reads top to bottom like the form; problems with the form as a whole come first.
    position = {name: i for i, name in enumerate(["__all__", *form.fields])}
    for name, errors in sorted(form.errors.items(), key=lambda item: position.get(item[0], len(position))):
        if name == "__all__":
            items.extend({"text": str(e)} for e in errors)
            continue
        bf = form[name]
        anchor = f"#{bf.auto_id}_day" if isinstance(bf.field.widget, SplitDateWidget) else f"#{bf.auto_id}"
        items.extend({"text": str(e), "href": anchor} for e in errors)
    return {"titleText": "There is a problem", "errorList": items}
