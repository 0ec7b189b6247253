"""The plan's sections and thresholds are data; these pin them to the seed's sample plan (seed 003 Appendix 4)."""

from pathlib import Path

import pytest
import yaml

from linkwork.plans import sections
from linkwork.plans.models import CarePlan
from linkwork.plans.vocabularies import GOAL_PROGRESS, PERMISSION_ANSWERS


def test_eleven_numbered_sections_in_two_parts_as_in_appendix_4():
    assert [s.number for s in sections.SECTIONS] == list(range(1, 12))
    assert [s.key for s in sections.PART_ONE.sections] == [
        "what_matters",
        "how_to_support",
        "health_conditions",
        "goals",
        "support",
        "self_support",
        "review",
    ]
    assert [s.key for s in sections.PART_TWO.sections] == [
        "changes",
        "share_story",
        "satisfaction_survey",
        "evaluation",
    ]
    assert sections.PART_TWO.after_months == 6


def test_the_seed_wording_is_kept_word_for_word():
    wording = {s.number: s.seed_wording for s in sections.SECTIONS}
    assert wording[1] == "What matters to me"
    assert wording[2] == "How best to support me, what people need to know about me and my life"
    assert wording[3] == "Any health conditions that groups and agencies need to know about"
    assert wording[4] == "My goals"
    assert wording[5] == "Summary of support that I am being connected to, including what I can expect from support"
    assert wording[6] == "What I can do to support myself to meet my goals"
    assert wording[7] == "Review \N{EN DASH} when shall we check how it's going?"
    assert wording[8] == "What changes have taken place?"
    assert wording[9] == "I am happy to share my personal story?"
    assert wording[10] == "I am willing to complete a satisfaction survey?"
    assert wording[11] == "I am happy to participate in ongoing data collection and evaluation?"
    assert "Appendix 4" in yaml.safe_load((sections.DATA / "care_plan_sections.yaml").read_text())["source"]


def test_every_section_has_a_title_and_a_plain_prompt_and_a_home_on_the_plan():
    model_fields = {f.name for f in CarePlan._meta.get_fields()}
    for section in sections.SECTIONS:
        assert section.title and section.prompt
        assert set(section.fields) <= model_fields, section.key
    assert sections.PART_ONE_FIELDS == (
        "what_matters",
        "how_to_support",
        "health_conditions",
        "support",
        "self_support",
        "review_on",
        "review_note",
    )
    assert sections.PART_TWO_FIELDS == ("changes", "share_story", "satisfaction_survey", "evaluation")


def test_progress_answers_and_review_thresholds():
    assert GOAL_PROGRESS.keys() == ["not_started", "in_progress", "achieved", "no_longer_relevant"]
    assert PERMISSION_ANSWERS.keys() == ["not_asked", "yes", "no"]
    assert sections.REVIEW.due_within_days == 7 and sections.REVIEW.furthest_ahead_days == 366
    assert sections.REVIEW.source


def test_a_sections_file_without_a_source_or_with_gaps_is_refused(tmp_path: Path):
    raw = yaml.safe_load((sections.DATA / "care_plan_sections.yaml").read_text())
    no_source = tmp_path / "no_source.yaml"
    no_source.write_text(yaml.safe_dump({**raw, "source": ""}))
    with pytest.raises(ValueError, match="source"):
        sections.load_parts(no_source)
    gap = tmp_path / "gap.yaml"
    gap.write_text(yaml.safe_dump({**raw, "sections": raw["sections"][1:]}))
    with pytest.raises(ValueError, match="numbered"):
        sections.load_parts(gap)
