"""What a questionnaire definition is: its kind, items, bands, conversion table and levels.

Plain frozen values with no I/O; instruments.py reads and checks them from the YAML files.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

# Each answer is kept and shown on its own; never totalled (ONS4, Well-being Star, satisfaction, COF outcomes).
SEPARATE_ITEMS = "separate_items"
# Every item is needed; the raw score is their sum, optionally converted by a published table (SWEMWBS).
SUMMED_SCALE = "summed_scale"
# A proprietary score recorded from the licensed tool, placed in a level by cut points (PAM).
LICENSED_SCORE = "licensed_score"
# Counts of health service use over a window before or after the referral (Common Outcomes Framework).
SERVICE_USE = "service_use"
KINDS = (SEPARATE_ITEMS, SUMMED_SCALE, LICENSED_SCORE, SERVICE_USE)

SCALE, COUNT, YES_NO, CHOICE = "scale", "count", "yes_no", "choice"
ITEM_TYPES = (SCALE, COUNT, YES_NO, CHOICE)
NUMERIC_TYPES = (SCALE, COUNT)

LICENCE_REFERENCE = ("required", "optional", "none")
BEFORE, AFTER = "before", "after"


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    low: int
    high: int

    def holds(self, value: int) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    type: str
    text: str = ""
    min: int | None = None
    max: int | None = None
    required: bool = True
    # Labels for particular values: every value of a labelled scale, the two ends of an anchored one, or
    # the keys of a choice.
    options: dict[Any, str] = field(default_factory=dict, hash=False)
    anchors: dict[int, str] = field(default_factory=dict, hash=False)
    bands: tuple[Band, ...] = ()
    better: str | None = None  # "higher" or "lower": which way a change is an improvement

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    def band_for(self, value: int) -> Band | None:
        return next((b for b in self.bands if b.holds(value)), None)

    def answer_label(self, value: Any) -> str:
        if self.type == YES_NO:
            return "Yes" if value else "No"
        return self.options.get(value, "")


@dataclass(frozen=True)
class Level:
    level: int
    label: str
    up_to: Decimal | None  # the highest score in this level; None for the top level


@dataclass(frozen=True)
class LicensedScore:
    label: str
    min: Decimal
    max: Decimal
    decimals: int
    levels: tuple[Level, ...]
    not_suitable: dict[str, str] = field(hash=False)

    def level_for(self, score: Decimal) -> Level:
        return next(lv for lv in self.levels if lv.up_to is None or score <= lv.up_to)


@dataclass(frozen=True)
class Total:
    """How a summed scale is scored: the raw sum, its conversion and what counts as a meaningful change."""

    better: str
    conversion_name: str = ""
    conversion_label: str = ""
    conversion: dict[int, float] = field(default_factory=dict, hash=False)
    meaningful_change: float | None = None


@dataclass(frozen=True)
class Definition:
    key: str
    version: int
    name: str
    short_name: str
    kind: str
    source: str
    licence: str
    path: Path
    items: tuple[Item, ...] = ()
    preamble: str = ""
    order: int = 100
    licence_reference: str = "none"
    total: Total | None = None
    score: LicensedScore | None = None
    better: str | None = None
    min_interval_months: int | None = None
    # Sooner than this after the last one, a reassessment needs the person to have taken up the support (PAM).
    reassessment_months: int | None = None
    # The care plan's part-two question whose "yes" the instrument waits for (satisfaction: satisfaction_survey).
    needs_plan_agreement: str | None = None
    window_months: int | None = None
    shipped: bool = True

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    @property
    def item_ids(self) -> list[str]:
        return [i.id for i in self.items]
