"""Questionnaire definitions, loaded from versioned YAML files and checked as they load.

linkwork ships its definitions in data/instruments/; a scheme adds its own validated questionnaire, with
no code change, by dropping a file of the same shape into the directory named by the setting
LINKWORK_EXTRA_INSTRUMENTS_DIR (DESIGN: facts live in data; reference measures.md: "a scheme must be able
to add a validated measure it already uses without a code change"). A definition is never edited once
responses use it: a change is a new file with the next `version`, and each stored response keeps the
version it was taken with.

What the code knows is the handful of *kinds* a definition may take (how answers are checked and scored);
everything else (items, texts, ranges, bands, conversion tables, cut points) is data.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from linkwork.core.data_files import DataFileError, read_data_file
from linkwork.measures.definitions import (
    AFTER,
    BEFORE,
    CHOICE,
    COUNT,
    ITEM_TYPES,
    KINDS,
    LICENCE_REFERENCE,
    LICENSED_SCORE,
    NUMERIC_TYPES,
    SCALE,
    SERVICE_USE,
    SUMMED_SCALE,
    Band,
    Definition,
    Item,
    Level,
    LicensedScore,
    Total,
)
from linkwork.plans.sections import PERMISSION_FIELDS

SHIPPED_DIR = Path(__file__).parent / "data" / "instruments"

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class InstrumentDefinitionError(ValueError):
    """A definition file is malformed; the message names the file and the problem."""


class _Reader:
    """Reads one file's mapping, raising InstrumentDefinitionError that names the file and the place."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, problem: str) -> InstrumentDefinitionError:
        return InstrumentDefinitionError(f"{self.path}: {problem}")

    def need(self, raw: dict, name: str, kind: type | tuple[type, ...], where: str = "") -> Any:
        if name not in raw or raw[name] in (None, ""):
            raise self.fail(f"{where}{name} is required")
        return self.typed(raw[name], kind, f"{where}{name}")

    def typed(self, value: Any, kind: type | tuple[type, ...], where: str) -> Any:
        if kind in (int, float, (int, float)) and isinstance(value, bool):
            raise self.fail(f"{where} must be a number, not {value!r}")
        if not isinstance(value, kind):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(f"{where} must be {expected}, not {value!r}")
        return value

    def key(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not _KEY.match(value):
            raise self.fail(f"{where} must be lower-case letters, digits and underscores, starting with a letter")
        return value


def _bands(r: _Reader, raw: Any, lo: int, hi: int, where: str) -> tuple[Band, ...]:
    r.typed(raw, list, where)
    bands = []
    for i, b in enumerate(raw):
        here = f"{where}[{i}]."
        r.typed(b, dict, here)
        bands.append(
            Band(
                r.key(b.get("key"), here + "key"),
                r.need(b, "label", str, here),
                r.need(b, "from", int, here),
                r.need(b, "to", int, here),
            )
        )
    # Bands must cover the item's whole range, in order, with no gap and no overlap.
    expected = lo
    for band in bands:
        if band.low != expected or band.high < band.low:
            raise r.fail(f"{where}: bands must run from {lo} to {hi} without gaps or overlaps (see {band.key})")
        expected = band.high + 1
    if expected != hi + 1:
        raise r.fail(f"{where}: bands must end at {hi}")
    return tuple(bands)


def _item(r: _Reader, raw: Any, i: int, band_sets: dict, option_sets: dict) -> Item:
    where = f"items[{i}]."
    r.typed(raw, dict, f"items[{i}]")
    item_id = r.key(raw.get("id"), where + "id")
    kind = r.need(raw, "type", str, where)
    if kind not in ITEM_TYPES:
        raise r.fail(f"{where}type must be one of {', '.join(ITEM_TYPES)}")
    better = raw.get("better")
    if better not in (None, "higher", "lower"):
        raise r.fail(f"{where}better must be higher or lower")
    values: dict[str, Any] = {"min": None, "max": None}
    options: dict[Any, str] = {}
    anchors: dict[int, str] = {}
    bands: tuple[Band, ...] = ()
    if kind == SCALE:
        values = {"min": r.need(raw, "min", int, where), "max": r.need(raw, "max", int, where)}
    elif kind == COUNT:
        values = {"min": 0, "max": r.need(raw, "max", int, where)}
    if kind in NUMERIC_TYPES and values["min"] >= values["max"]:
        raise r.fail(f"{where}min must be less than max")
    if kind == SCALE:
        raw_options = raw.get("options")
        if isinstance(raw_options, str):
            if raw_options not in option_sets:
                raise r.fail(f"{where}options names an unknown option set {raw_options!r}")
            raw_options = option_sets[raw_options]
        if raw_options is not None:
            options = {int(k): str(v) for k, v in r.typed(raw_options, dict, where + "options").items()}
            if sorted(options) != list(range(values["min"], values["max"] + 1)):
                raise r.fail(f"{where}options must label every value from {values['min']} to {values['max']}")
        anchors = {int(k): str(v) for k, v in r.typed(raw.get("anchors") or {}, dict, where + "anchors").items()}
        if any(not values["min"] <= k <= values["max"] for k in anchors):
            raise r.fail(f"{where}anchors must be values within the scale")
        if raw.get("bands") is not None:
            name = raw["bands"]
            if name not in band_sets:
                raise r.fail(f"{where}bands names an unknown band set {name!r}")
            bands = _bands(r, band_sets[name], values["min"], values["max"], f"band_sets.{name}")
    if kind == CHOICE:
        raw_options = r.need(raw, "options", dict, where)
        options = {r.key(k, f"{where}options key"): str(v) for k, v in raw_options.items()}
        if len(options) < 2:
            raise r.fail(f"{where}options must offer at least two choices")
    required = raw.get("required", True)
    r.typed(required, bool, where + "required")
    return Item(
        id=item_id,
        label=r.need(raw, "label", str, where),
        type=kind,
        text=str(raw.get("text") or ""),
        required=required,
        options=options,
        anchors=anchors,
        bands=bands,
        better=better,
        **values,
    )


def _total(r: _Reader, raw: Any, items: tuple[Item, ...]) -> Total:
    r.typed(raw, dict, "total")
    better = raw.get("better", "higher")
    if better not in ("higher", "lower"):
        raise r.fail("total.better must be higher or lower")
    low = sum(i.min or 0 for i in items)
    high = sum(i.max or 0 for i in items)
    conversion: dict[int, float] = {}
    name = label = ""
    if raw.get("conversion") is not None:
        conv = r.typed(raw["conversion"], dict, "total.conversion")
        name = r.key(conv.get("name"), "total.conversion.name")
        label = r.need(conv, "label", str, "total.conversion.")
        table = r.need(conv, "table", dict, "total.conversion.")
        conversion = {int(k): float(r.typed(v, (int, float), f"total.conversion.table[{k}]")) for k, v in table.items()}
        # The table must give a converted score for every possible raw score, and never go down.
        if sorted(conversion) != list(range(low, high + 1)):
            raise r.fail(f"total.conversion.table must convert every raw score from {low} to {high}")
        ordered = [conversion[k] for k in sorted(conversion)]
        if any(b < a for a, b in pairwise(ordered)):
            raise r.fail("total.conversion.table must not decrease as the raw score rises")
    meaningful = raw.get("meaningful_change")
    if meaningful is not None and (r.typed(meaningful, (int, float), "total.meaningful_change") <= 0):
        raise r.fail("total.meaningful_change must be above 0")
    return Total(
        better=better,
        conversion_name=name,
        conversion_label=label,
        conversion=conversion,
        meaningful_change=float(meaningful) if meaningful is not None else None,
    )


def _licensed_score(r: _Reader, raw: dict) -> LicensedScore:
    spec = r.need(raw, "score", dict)
    lo = Decimal(str(r.need(spec, "min", (int, float), "score.")))
    hi = Decimal(str(r.need(spec, "max", (int, float), "score.")))
    decimals = r.need(spec, "decimals", int, "score.")
    if lo >= hi or decimals < 0:
        raise r.fail("score needs min below max and decimals of 0 or more")
    levels = []
    for i, lv in enumerate(r.need(raw, "levels", list)):
        here = f"levels[{i}]."
        r.typed(lv, dict, here)
        up_to = lv.get("up_to")
        levels.append(
            Level(
                level=r.need(lv, "level", int, here),
                label=r.need(lv, "label", str, here),
                up_to=None if up_to is None else Decimal(str(r.typed(up_to, (int, float), here + "up_to"))),
            )
        )
    cuts = [lv.up_to for lv in levels[:-1] if lv.up_to is not None]
    if not levels or levels[-1].up_to is not None or len(cuts) != len(levels) - 1:
        raise r.fail("levels: every level but the last needs up_to, and the last has none")
    if [lv.level for lv in levels] != list(range(1, len(levels) + 1)):
        raise r.fail("levels must be numbered 1, 2, 3, ... in order")
    if cuts != sorted(cuts) or len(set(cuts)) != len(cuts) or any(not lo <= c < hi for c in cuts):
        raise r.fail("levels: cut points must rise and lie within the score's range")
    not_suitable = {}
    for i, reason in enumerate(raw.get("not_suitable") or []):
        r.typed(reason, dict, f"not_suitable[{i}]")
        not_suitable[r.key(reason.get("key"), f"not_suitable[{i}].key")] = r.need(
            reason, "label", str, f"not_suitable[{i}]."
        )
    return LicensedScore(
        label=r.need(spec, "label", str, "score."),
        min=lo,
        max=hi,
        decimals=decimals,
        levels=tuple(levels),
        not_suitable=not_suitable,
    )


def load_definition(path: Path, *, shipped: bool = True) -> Definition:
    """Read and check one definition file; raise InstrumentDefinitionError naming the file and the problem."""
    try:
        return _read_definition(Path(path), shipped)
    except InstrumentDefinitionError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        # Shapes the checks below do not foresee (e.g. a scale option keyed by a word) still name the file.
        raise InstrumentDefinitionError(f"{path}: malformed definition ({exc})") from exc


def _read_definition(path: Path, shipped: bool) -> Definition:
    r = _Reader(path)
    try:
        raw = read_data_file(path)
    except DataFileError as exc:
        raise InstrumentDefinitionError(str(exc)) from exc
    kind = r.need(raw, "kind", str)
    if kind not in KINDS:
        raise r.fail(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    version = r.need(raw, "version", int)
    if version < 1:
        raise r.fail("version must be 1 or more")
    licence_reference = raw.get("licence_reference", "none")
    if licence_reference not in LICENCE_REFERENCE:
        raise r.fail(f"licence_reference must be one of {', '.join(LICENCE_REFERENCE)}")
    band_sets = r.typed(raw.get("band_sets") or {}, dict, "band_sets")
    option_sets = r.typed(raw.get("option_sets") or {}, dict, "option_sets")
    items = tuple(_item(r, it, i, band_sets, option_sets) for i, it in enumerate(raw.get("items") or []))
    ids = [i.id for i in items]
    if len(ids) != len(set(ids)):
        raise r.fail("item ids must be unique")
    values: dict[str, Any] = {}
    if kind == LICENSED_SCORE:
        if items:
            raise r.fail(
                "a licensed_score definition holds no items (the licensed questions stay in the licensed tool)"
            )
        values["score"] = _licensed_score(r, raw)
        values["better"] = raw.get("better", "higher")
    elif not items:
        raise r.fail("items: at least one item is required")
    if kind == SUMMED_SCALE:
        if any(i.type != SCALE or not i.required for i in items):
            raise r.fail("a summed_scale needs every item to be a required scale (no prorating)")
        values["total"] = _total(r, r.need(raw, "total", dict), items)
    if kind == SERVICE_USE:
        values["window_months"] = r.need(raw, "window_months", int)
        period = next((i for i in items if i.id == "period"), None)
        if period is None or period.type != CHOICE or set(period.options) != {BEFORE, AFTER} or not period.required:
            raise r.fail("a service_use definition needs a required choice item 'period' with options before and after")
        if any(i.type != COUNT for i in items if i.id != "period"):
            raise r.fail("a service_use definition counts: every item but 'period' must be a count")
    interval = raw.get("min_interval_months")
    if interval is not None and r.typed(interval, int, "min_interval_months") < 1:
        raise r.fail("min_interval_months must be 1 or more")
    reassessment = raw.get("reassessment_months")
    if reassessment is not None:
        r.typed(reassessment, int, "reassessment_months")
        if interval is None or reassessment < interval:
            raise r.fail("reassessment_months needs min_interval_months, and may not be shorter")
    agreement = raw.get("needs_plan_agreement")
    if agreement is not None and agreement not in PERMISSION_FIELDS:
        raise r.fail(f"needs_plan_agreement must be one of the care plan's part-two questions: {PERMISSION_FIELDS}")
    return Definition(
        key=r.key(raw.get("key"), "key"),
        version=version,
        name=r.need(raw, "name", str),
        short_name=str(raw.get("short_name") or raw["name"]),
        kind=kind,
        source=r.need(raw, "source", str),
        licence=r.need(raw, "licence", str),
        path=Path(path),
        items=items,
        preamble=str(raw.get("preamble") or ""),
        order=int(raw.get("order", 100)),
        licence_reference=licence_reference,
        min_interval_months=interval,
        reassessment_months=reassessment,
        needs_plan_agreement=agreement,
        shipped=shipped,
        **values,
    )


@dataclass(frozen=True)
class Registry:
    """Every loaded definition by (key, version); `current` is each key's highest version."""

    by_version: dict[tuple[str, int], Definition]

    def get(self, key: str, version: int) -> Definition | None:
        return self.by_version.get((key, version))

    def current(self, key: str) -> Definition | None:
        versions = [d for (k, _v), d in self.by_version.items() if k == key]
        return max(versions, key=lambda d: d.version) if versions else None

    def all_current(self) -> list[Definition]:
        keys = {k for k, _v in self.by_version}
        return sorted((d for d in map(self.current, keys) if d), key=lambda d: (not d.shipped, d.order, d.name))

    def instrument_keys(self) -> list[str]:
        return [d.key for d in self.all_current()]


def load_registry(extra_dir: str | Path | None = None) -> Registry:
    """Load linkwork's own definitions and, if given, a scheme's directory of extra ones."""
    found: dict[tuple[str, int], Definition] = {}
    shipped_keys: set[str] = set()
    sources = [(p, True) for p in sorted(SHIPPED_DIR.glob("*.yaml"))]
    if extra_dir:
        extra = Path(extra_dir)
        if not extra.is_dir():
            raise InstrumentDefinitionError(f"{extra}: LINKWORK_EXTRA_INSTRUMENTS_DIR is not a directory")
        sources += [(p, False) for p in sorted([*extra.glob("*.yaml"), *extra.glob("*.yml")])]
    for path, shipped in sources:
        definition = load_definition(path, shipped=shipped)
        if not shipped and definition.key in shipped_keys:
            raise InstrumentDefinitionError(
                f"{path}: key {definition.key!r} belongs to an instrument linkwork ships; choose another key"
            )
        ident = (definition.key, definition.version)
        if ident in found:
            raise InstrumentDefinitionError(
                f"{path}: {definition.key} version {definition.version} is already defined in {found[ident].path}"
            )
        found[ident] = definition
        if shipped:
            shipped_keys.add(definition.key)
    return Registry(found)


@cache
def _cached_registry(extra_dir: str | None) -> Registry:
    return load_registry(extra_dir)


def registry() -> Registry:
    """The definitions this deployment uses (read once per process and per extra directory)."""
    from django.conf import settings

    extra = getattr(settings, "LINKWORK_EXTRA_INSTRUMENTS_DIR", None)
    return _cached_registry(str(extra) if extra else None)
