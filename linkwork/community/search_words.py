"""What a directory search's words ask for, and how each database is asked it (pure: no models, no SQL run here).

Words typed are read left to right into *concepts*. A phrase of the synonym file (data/search_synonyms.yaml) is taken
whole ("money advice"); a word of a group stands for its whole group ("debt" for money, debt, welfare, benefits
...); any other word stands for itself; function words are dropped, and broad words ("help", "group") count only
when nothing else was typed. A service matches when it answers every concept (each through any of its
alternatives), so "walking older" finds walks for older people, and "money advice" finds the benefits check.

The databases stem words (PostgreSQL's English dictionary, SQLite FTS5's Porter stemmer), so "walks" finds "walking";
only whole words and phrases are sent, made of letters and digits, so nothing typed can change the query's syntax.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from linkwork.core.data_files import read_data_file

SYNONYMS_FILE = Path(__file__).parent / "data" / "search_synonyms.yaml"
WORDS_MAX_LENGTH = 200  # characters typed
CONCEPTS_MAX = 10  # more than a link worker types; bounds the query the database runs

_TOKEN = re.compile(r"[a-z0-9]+")
# Possessives and contractions ("men's", "don't"): the letter after the apostrophe is no word of its own.
_APOSTROPHE = re.compile("['\u2019\u2018`][a-z]\\b")

Phrase = tuple[str, ...]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(_APOSTROPHE.sub("", (text or "").lower()))


def fold(token: str) -> str:
    """A word's singular, roughly, so "debts" finds the group of "debt" (the database stems the rest)."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


@dataclass(frozen=True)
class Vocabulary:
    """The synonym file, read: each phrase (folded words) to the alternatives of its groups."""

    groups: dict[Phrase, frozenset[Phrase]]
    broad: frozenset[str]
    ignored: frozenset[str]
    longest: int


@cache
def vocabulary() -> Vocabulary:
    raw = read_data_file(SYNONYMS_FILE)
    groups: dict[Phrase, set[Phrase]] = {}
    for entries in raw["groups"].values():
        alternatives = {tuple(tokens(str(e))) for e in entries}
        for phrase in alternatives:
            groups.setdefault(tuple(fold(t) for t in phrase), set()).update(alternatives)
    return Vocabulary(
        groups={key: frozenset(value) for key, value in groups.items()},
        broad=frozenset(fold(str(w)) for w in raw["broad"]),
        ignored=frozenset(str(w) for w in raw["ignored"]),
        longest=max(len(key) for key in groups),
    )


@dataclass(frozen=True)
class Concept:
    """One thing asked for: a service answers it through any of its alternatives (words or phrases)."""

    alternatives: frozenset[Phrase]
    broad: bool = False

    def sorted(self) -> list[Phrase]:
        return sorted(self.alternatives)


def concepts(text: str) -> list[Concept]:
    """The concepts of what was typed, in order, without repeats; empty when nothing searchable was typed."""
    words = tokens((text or "")[:WORDS_MAX_LENGTH])
    known = vocabulary()
    found: list[Concept] = []
    i = 0
    while i < len(words):
        for size in range(min(known.longest, len(words) - i), 0, -1):
            key = tuple(fold(w) for w in words[i : i + size])
            if key in known.groups:
                found.append(Concept(known.groups[key]))
                i += size
                break
        else:
            word = words[i]
            i += 1
            if word in known.ignored or (len(word) < 2 and not word.isdigit()):
                continue
            found.append(Concept(frozenset({(word,)}), broad=fold(word) in known.broad))
    specific = [c for c in found if not c.broad]
    chosen = specific or found
    unique = list(dict.fromkeys(Concept(c.alternatives) for c in chosen))
    return unique[:CONCEPTS_MAX]


def fts5_query(found: list[Concept]) -> str:
    """SQLite FTS5 syntax: every concept (AND), any alternative (OR); a phrase is a quoted string of words."""
    return " AND ".join("(" + " OR ".join(f'"{" ".join(p)}"' for p in c.sorted()) + ")" for c in found)


def tsquery(found: list[Concept]) -> str:
    """PostgreSQL to_tsquery syntax: & between concepts, | between alternatives, <-> between a phrase's words."""
    return " & ".join("(" + " | ".join(" <-> ".join(p) for p in c.sorted()) + ")" for c in found)
