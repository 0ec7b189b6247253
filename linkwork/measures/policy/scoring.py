"""Checking and scoring answers to a questionnaire, and change from the first (baseline) response.

Pure: plain values and definitions in, plain values out; no models and no HTTP (ADR 0003), so the
service, the API, the pages and the synthetic generator all score the same way.

What is scored is fixed by the definition's kind (instruments.py):
  separate_items  each answer with its band, if the item has bands. Never a total or a mean: ONS4's four
                  questions are not a composite (reference measures.md).
  summed_scale    raw = the sum of every item (all required, no prorating), converted by the published table.
  licensed_score  the score recorded from the licensed tool and its level by the definition's cut points;
                  or the reason the measure was not suitable.
  service_use     the counts, with the window they cover.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from linkwork.core.errors import FieldError
from linkwork.measures.definitions import (
    AFTER,
    BEFORE,
    CHOICE,
    COUNT,
    LICENSED_SCORE,
    SCALE,
    SEPARATE_ITEMS,
    SERVICE_USE,
    SUMMED_SCALE,
    YES_NO,
    Definition,
    Item,
)
from linkwork.measures.policy.schedule import add_months

IMPROVED, WORSE, SAME = "improved", "worse", "same"


def _f(item: Item, rule: str, message: str) -> FieldError:
    return FieldError(f"answers.{item.id}", rule, f"{item.label}: {message}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_item(item: Item, value: Any) -> FieldError | None:
    """The rule `value` breaks as an answer to `item`, or None. A missing optional answer breaks none."""
    if value is None or value == "":
        return _f(item, "required", "give an answer") if item.required else None
    if item.type in (SCALE, COUNT):
        if not _is_int(value):
            return _f(item, "integer", f"the answer must be a whole number from {item.min} to {item.max}")
        assert item.min is not None and item.max is not None  # every numeric item has both (instruments.py)
        if not item.min <= value <= item.max:
            return _f(item, "range", f"the answer must be from {item.min} to {item.max}, not {value}")
    elif item.type == YES_NO:
        if not isinstance(value, bool):
            return _f(item, "yes_no", "the answer must be yes (true) or no (false)")
    elif item.type == CHOICE and (not isinstance(value, str) or value not in item.options):
        return _f(item, "choice", f"the answer must be one of {', '.join(map(str, item.options))}")
    return None


def answers_by_item(definition: Definition, raw: Mapping[str, Any] | Sequence[Any] | None):
    """Answers keyed by item id, from a list in the definition's item order or a mapping by item id.

    Returns (answers, errors). Every item has a key in `answers` (None when not answered).
    """
    errors: list[FieldError] = []
    items = definition.items
    if raw is None:
        raw = {}
    if isinstance(raw, Sequence) and not isinstance(raw, str):
        if len(raw) != len(items):
            errors.append(
                FieldError(
                    "answers",
                    "item_count",
                    f"{definition.short_name} has {len(items)} items; the list has {len(raw)} answers "
                    f"(in this order: {', '.join(definition.item_ids)})",
                )
            )
            return {}, errors
        raw = dict(zip(definition.item_ids, raw, strict=True))
    if not isinstance(raw, Mapping):
        return {}, [FieldError("answers", "type", "answers must be a list or an object keyed by item id")]
    for key in raw:
        if key not in definition.item_ids:
            errors.append(
                FieldError(
                    f"answers.{key}",
                    "unknown_item",
                    f"{definition.short_name} has no item {key!r}; its items are {', '.join(definition.item_ids)}",
                )
            )
    answers = {item.id: raw.get(item.id) for item in items}
    for item in items:
        error = check_item(item, answers[item.id])
        if error:
            errors.append(error)
    return answers, errors


@dataclass(frozen=True)
class LicensedAnswer:
    score: Decimal | None
    licence_reference: str
    not_suitable_reason: str


def check_licensed(
    definition: Definition, score: Any, licence_reference: str, not_suitable_reason: str
) -> tuple[LicensedAnswer, list[FieldError]]:
    """A licensed score and its licence reference, or the reason the measure was not suitable; not both."""
    spec = definition.score
    assert spec is not None  # a licensed_score definition always has one (instruments.py)
    errors: list[FieldError] = []
    name = definition.short_name
    licence_reference = (licence_reference or "").strip()
    reason = (not_suitable_reason or "").strip()
    value: Decimal | None = None
    if reason:
        if score is not None:
            errors.append(
                FieldError(
                    "score", "score_or_not_suitable", f"give a {name} score or say why it was not suitable, not both"
                )
            )
        if reason not in spec.not_suitable:
            errors.append(
                FieldError("not_suitable_reason", "choice", f"the reason must be one of {', '.join(spec.not_suitable)}")
            )
        return LicensedAnswer(None, licence_reference, reason), errors
    if score is None or score == "":
        errors.append(
            FieldError("score", "required", f"enter the {name} score, or say why the {name} was not suitable")
        )
    elif isinstance(score, bool) or not isinstance(score, int | float | Decimal | str):
        errors.append(FieldError("score", "number", f"the {name} score must be a number"))
    else:
        try:
            value = Decimal(str(score))
        except InvalidOperation:
            errors.append(FieldError("score", "number", f"the {name} score must be a number"))
        else:
            if not value.is_finite() or not spec.min <= value <= spec.max:
                errors.append(FieldError("score", "range", f"the {name} score must be from {spec.min} to {spec.max}"))
                value = None
            elif value != round(value, spec.decimals):
                errors.append(
                    FieldError("score", "decimals", f"give the {name} score to {spec.decimals} decimal place(s)")
                )
                value = None
    if definition.licence_reference == "required" and not licence_reference:
        errors.append(
            FieldError("licence_reference", "required", f"enter the licence reference the {name} was taken under")
        )
    if len(licence_reference) > 100:
        errors.append(
            FieldError("licence_reference", "max_length", "the licence reference must be 100 characters or fewer")
        )
    return LicensedAnswer(value, licence_reference, ""), errors


def counting_window(definition: Definition, period: str, received_on: date) -> tuple[date, date]:
    """The half-open window [from, to) a service-use count covers, before or after the referral was received."""
    assert definition.window_months is not None
    if period == BEFORE:
        return add_months(received_on, -definition.window_months), received_on
    return received_on, add_months(received_on, definition.window_months)


def score(
    definition: Definition,
    answers: Mapping[str, Any],
    *,
    licensed: LicensedAnswer | None = None,
    received_on: date | None = None,
) -> dict[str, Any]:
    """The results stored beside checked answers (JSON-ready)."""
    if definition.kind == SEPARATE_ITEMS:
        return {"items": {item.id: _item_result(item, answers.get(item.id)) for item in definition.items}}
    if definition.kind == SUMMED_SCALE:
        total = definition.total
        assert total is not None
        raw = sum(int(answers[item.id]) for item in definition.items)
        results: dict[str, Any] = {"raw": raw}
        if total.conversion:
            results[total.conversion_name] = total.conversion[raw]
        return results
    if definition.kind == LICENSED_SCORE:
        spec = definition.score
        assert spec is not None and licensed is not None
        if licensed.score is None:
            reason = licensed.not_suitable_reason
            return {"not_suitable": reason, "not_suitable_label": spec.not_suitable.get(reason, reason)}
        level = spec.level_for(licensed.score)
        return {"score": float(licensed.score), "level": level.level, "level_label": level.label}
    if definition.kind == SERVICE_USE:
        assert received_on is not None
        period = answers["period"]
        window_from, window_to = counting_window(definition, period, received_on)
        return {
            "period": period,
            "window_from": window_from.isoformat(),
            "window_to": window_to.isoformat(),
            "items": {i.id: _item_result(i, answers.get(i.id)) for i in definition.items if i.id != "period"},
        }
    raise ValueError(f"unknown kind {definition.kind}")


def _item_result(item: Item, value: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"value": value}
    if value is None:
        return result
    band = item.band_for(value) if item.bands else None
    if band is not None:
        result.update(band=band.key, band_label=band.label)
    label = item.answer_label(value)
    if label:
        result["answer_label"] = label
    return result


def is_scored(definition: Definition, results: Mapping[str, Any]) -> bool:
    """Whether a response can be compared with others (a 'not suitable' record cannot)."""
    return not (definition.kind == LICENSED_SCORE and "score" not in results)


def can_be_baseline(definition: Definition, results: Mapping[str, Any]) -> bool:
    if definition.kind == SERVICE_USE:
        return results.get("period") == BEFORE
    return is_scored(definition, results)


def _direction(change: float, better: str | None) -> str | None:
    if better is None:
        return None
    if change == 0:
        return SAME
    return IMPROVED if (change > 0) == (better == "higher") else WORSE


def change_from_baseline(
    definition: Definition, baseline: Mapping[str, Any], results: Mapping[str, Any]
) -> dict[str, Any] | None:
    """How a later response differs from the baseline response's results; None if they cannot be compared.

    Items are compared one by one (never summed). A summed scale's change is on its converted score when it
    has one, and `meaningful` says whether it reaches the definition's meaningful-change threshold.
    """
    if not (is_scored(definition, baseline) and is_scored(definition, results)):
        return None
    if definition.kind in (SEPARATE_ITEMS, SERVICE_USE):
        if definition.kind == SERVICE_USE and not (baseline.get("period") == BEFORE and results.get("period") == AFTER):
            return None
        changes = {}
        for item in definition.items:
            if not item.is_numeric:
                continue
            before = baseline.get("items", {}).get(item.id, {}).get("value")
            after = results.get("items", {}).get(item.id, {}).get("value")
            if _is_int(before) and _is_int(after):
                changes[item.id] = {"change": after - before, "direction": _direction(after - before, item.better)}
        return {"items": changes}
    if definition.kind == SUMMED_SCALE:
        total = definition.total
        assert total is not None
        on = total.conversion_name or "raw"
        if on not in baseline or on not in results:
            return None
        change = round(float(results[on]) - float(baseline[on]), 2)
        out: dict[str, Any] = {"on": on, "change": change, "direction": _direction(change, total.better)}
        if total.meaningful_change is not None:
            out["meaningful"] = abs(change) >= total.meaningful_change
            out["meaningful_threshold"] = total.meaningful_change
        return out
    if definition.kind == LICENSED_SCORE:
        change = round(float(results["score"]) - float(baseline["score"]), 1)
        return {
            "change": change,
            "level_change": int(results["level"]) - int(baseline["level"]),
            "direction": _direction(change, definition.better),
        }
    return None
