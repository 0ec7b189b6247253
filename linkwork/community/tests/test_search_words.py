"""What a directory search's words ask for: phrases, synonyms, function and broad words, and the query each database
is sent (pure: no database)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.community.search_words import (
    CONCEPTS_MAX,
    SYNONYMS_FILE,
    WORDS_MAX_LENGTH,
    concepts,
    fts5_query,
    tokens,
    tsquery,
)
from linkwork.core.data_files import read_data_file


def alternatives(text: str) -> list[set[str]]:
    return [{" ".join(p) for p in c.alternatives} for c in concepts(text)]


@pytest.mark.parametrize("typed", ["money advice", "debt", "welfare", "Benefits", "DEBTS", "money", "cost of living"])
def test_the_words_for_money_all_ask_for_the_money_group(typed):
    (found,) = alternatives(typed)
    assert {"money", "debt", "welfare", "benefit", "money advice", "welfare rights"} <= found


def test_a_phrase_is_taken_whole_before_its_words():
    # "money advice" asks for money support, not for money AND advice.
    assert len(alternatives("money advice")) == 1
    assert len(alternatives("advice about money")) == 2  # advice; money ("about" is a function word)


def test_words_outside_the_groups_stand_for_themselves_and_all_must_match():
    assert alternatives("choir tuesday") == [
        {"art", "arts", "choir", "singing", "music", "craft", "creative", "creativity", "painting", "drawing",
         "knit and natter", "knitting", "sewing"},
        {"tuesday"},
    ]  # fmt: skip


def test_function_words_are_dropped_and_broad_words_count_only_alone():
    assert alternatives("help with debt for my mum") == [alternatives("debt")[0], {"mum"}]
    assert alternatives("support group") == [{"support"}, {"group"}]
    assert alternatives("the of and") == []
    assert alternatives("") == []


def test_possessives_and_repeats():
    assert alternatives("men's shed") == [{"men"}, {"shed"}]
    assert len(alternatives("debt money welfare debt")) == 1


def test_the_query_texts_for_each_database():
    found = concepts("debt advice walking")  # a phrase of the money group; a word of the exercise group
    sqlite, postgres = fts5_query(found), tsquery(found)
    assert sqlite.count(" AND ") == 1 and '"money advice"' in sqlite and '"walk"' in sqlite
    assert postgres.count(" & ") == 1 and "money <-> advice" in postgres and " | walk" in postgres


def test_every_entry_of_a_group_asks_for_the_whole_group():
    raw = read_data_file(SYNONYMS_FILE)
    for name, entries in raw["groups"].items():
        expected = {" ".join(tokens(str(e))) for e in entries}
        for entry in entries:
            found = alternatives(str(entry))
            assert len(found) == 1 and expected <= found[0], (name, entry)


def test_searches_are_bounded():
    assert len(concepts(" ".join(f"word{i}" for i in range(40)))) == CONCEPTS_MAX
    assert len(concepts("x" * 5 + " " + "y" * WORDS_MAX_LENGTH + " beyond")) == 2


@given(st.text(max_size=300))
def test_nothing_typed_can_change_the_query_syntax(text):
    found = concepts(text)
    sqlite, postgres = fts5_query(found), tsquery(found)
    # Only words of letters and digits, inside quotes for FTS5, between our own operators.
    for phrase in re.findall(r'"([^"]*)"', sqlite):
        assert re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)*", phrase)
    assert re.fullmatch(r'[a-z0-9 "()ANDOR]*', sqlite)
    assert re.fullmatch(r"[a-z0-9 ()&|<\->]*", postgres)
    assert len(found) <= CONCEPTS_MAX


def test_every_word_of_the_synonym_file_is_text():
    """YAML reads a bare no, off or on as a boolean: such a word would never be dropped or found."""
    raw = read_data_file(SYNONYMS_FILE)
    words = [*raw["ignored"], *raw["broad"], *(e for entries in raw["groups"].values() for e in entries)]
    assert all(isinstance(w, str) and w == w.lower() for w in words)
    assert alternatives("no") == [] and alternatives("on off") == []
