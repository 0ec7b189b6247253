"""Controlled lists kept as data files (DESIGN: facts live in data).

Each YAML file names its source and lists terms with a stable key (stored in the database) and a label
(shown to people). Keys never change meaning; labels may be reworded.
"""

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from linkwork.core.data_files import read_data_file


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    hint: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    source: str
    terms: tuple[Term, ...]

    def __contains__(self, key: object) -> bool:
        return any(t.key == key for t in self.terms)

    def __iter__(self):
        return iter(self.terms)

    def keys(self) -> list[str]:
        return [t.key for t in self.terms]

    def choices(self) -> list[tuple[str, str]]:
        return [(t.key, t.label) for t in self.terms]

    @cached_property
    def _labels(self) -> dict[str, str]:
        return {t.key: t.label for t in self.terms}

    def label(self, key: str) -> str:
        return self._labels.get(key, key)

    def term(self, key: str) -> Term:
        for t in self.terms:
            if t.key == key:
                return t
        raise KeyError(key)


@cache
def load_vocabulary(path: Path) -> Vocabulary:
    raw = read_data_file(path)
    terms = []
    for item in raw["terms"]:
        extra = {k: v for k, v in item.items() if k not in {"key", "label", "hint"}}
        terms.append(Term(key=item["key"], label=item["label"], hint=item.get("hint", ""), extra=extra))
    keys = [t.key for t in terms]
    if len(keys) != len(set(keys)):
        raise ValueError(f"{path}: duplicate keys")
    return Vocabulary(name=Path(path).stem, source=raw["source"], terms=tuple(terms))
