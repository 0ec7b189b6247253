"""The national social prescribing SNOMED CT codes, loaded from data/ (no literals in code), and which contact
purposes may be coded."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from linkwork.core.data_files import read_data_file
from linkwork.referrals.vocabularies import CONTACT_PURPOSES

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Code:
    key: str
    id: str
    term: str
    produced: bool
    legacy: bool = False


@dataclass(frozen=True)
class CodeCatalogue:
    source: str
    coded_roles: frozenset[str]
    due_within_days: int
    codes: tuple[Code, ...]

    def by_key(self, key: str) -> Code:
        return next(c for c in self.codes if c.key == key)

    def by_id(self, snomed_id: str) -> Code | None:
        return next((c for c in self.codes if c.id == snomed_id), None)

    @property
    def accepted(self) -> Code:
        return self.by_key("referral_accepted")

    @property
    def declined(self) -> Code:
        return self.by_key("referral_declined")


@cache
def catalogue() -> CodeCatalogue:
    raw = read_data_file(DATA / "snomed_social_prescribing.yaml")
    codes = tuple(
        Code(key=c["key"], id=str(c["id"]), term=c["term"], produced=bool(c["produced"]), legacy=bool(c.get("legacy")))
        for c in raw["codes"]
    )
    return CodeCatalogue(
        source=raw["source"],
        coded_roles=frozenset(raw["coded_roles"]),
        due_within_days=int(raw["due_within_days"]),
        codes=codes,
    )


def purpose_is_codable(purpose: str, on: date) -> bool:
    """Whether a contact for `purpose` on date `on` may be coded as social prescribing at all."""
    term = CONTACT_PURPOSES.term(purpose)
    if not term.extra.get("codable"):
        return False
    before = term.extra.get("codable_before")
    return before is None or on < before
