"""The sections of a personalised care and support plan and when its review is flagged, read from data files.

The sections follow seed 003's Appendix 4 sample plan (data/care_plan_sections.yaml names the source);
pages, the person's copy and the API all take their titles and prompts from here.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from linkwork.core.data_files import read_data_file

DATA = Path(__file__).parent / "data"
KINDS = frozenset({"text", "goals", "review", "permission"})


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    part: str
    kind: str
    title: str
    seed_wording: str
    prompt: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The CarePlan fields that hold this section (goals are rows of their own)."""
        if self.kind == "goals":
            return ()
        if self.kind == "review":
            return ("review_on", "review_note")
        return (self.key,)


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    seed_wording: str
    after_months: int | None
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class ReviewThresholds:
    source: str
    due_within_days: int
    furthest_ahead_days: int


@cache
def load_parts(path: Path = DATA / "care_plan_sections.yaml") -> tuple[Part, ...]:
    raw = read_data_file(path)
    sections = [
        Section(
            number=int(s["number"]),
            **{name: str(s[name]).strip() for name in ("key", "part", "kind", "title", "seed_wording", "prompt")},
        )
        for s in raw["sections"]
    ]
    if [s.number for s in sections] != list(range(1, len(sections) + 1)):
        raise ValueError(f"{path}: sections must be numbered 1, 2, 3, ... in order")
    for section in sections:
        if section.kind not in KINDS:
            raise ValueError(f"{path}: section {section.number} has unknown kind {section.kind!r}")
    parts = tuple(
        Part(
            key=p["key"],
            title=p["title"],
            seed_wording=p["seed_wording"],
            after_months=p.get("after_months"),
            sections=tuple(s for s in sections if s.part == p["key"]),
        )
        for p in raw["parts"]
    )
    if sum(len(p.sections) for p in parts) != len(sections):
        raise ValueError(f"{path}: every section must belong to a part")
    return parts


@cache
def load_review_thresholds(path: Path = DATA / "review.yaml") -> ReviewThresholds:
    raw = read_data_file(path)
    return ReviewThresholds(
        source=raw["source"],
        due_within_days=int(raw["due_within_days"]),
        furthest_ahead_days=int(raw["furthest_ahead_days"]),
    )


PARTS = load_parts()
PART_ONE, PART_TWO = PARTS
SECTIONS = tuple(s for p in PARTS for s in p.sections)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}
REVIEW = load_review_thresholds()

# The plan's own fields, by part (goals are rows of their own).
PART_ONE_FIELDS = tuple(f for s in PART_ONE.sections for f in s.fields)
PART_TWO_FIELDS = tuple(f for s in PART_TWO.sections for f in s.fields)
TEXT_FIELDS = (*(s.key for s in SECTIONS if s.kind == "text"), "review_note")
PERMISSION_FIELDS = tuple(s.key for s in SECTIONS if s.kind == "permission")
FIELD_TITLES = {f: s.title for s in SECTIONS for f in s.fields} | {
    "review_on": "Review date",
    "review_note": "Review note",
}
