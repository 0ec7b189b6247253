"""The two prompt sheets and the confidence survey, as the data files hold them (seed 003 section 9 and Appendix 5;
section 12), and which sheet suits which kind of organisation."""

from functools import cache
from pathlib import Path

from linkwork.core.data_files import read_data_file
from linkwork.organisations.models import OrganisationKind

DATA = Path(__file__).parents[1] / "data"

# The answers that call for "what would help you cope" (seed 003 section 12, question 3).
DISAGREEING = frozenset({"disagree", "strongly_disagree"})


@cache
def prompt_sheets() -> dict:
    """data/prompt_sheets.yaml as loaded: review and catch-up intervals and the two sheets by key."""
    raw = read_data_file(DATA / "prompt_sheets.yaml")
    return {**raw, "sheets": {sheet["key"]: sheet for sheet in raw["sheets"]}}


@cache
def confidence_survey() -> dict:
    """data/confidence_survey.yaml as loaded: how often, and the six questions by key (in order)."""
    raw = read_data_file(DATA / "confidence_survey.yaml")
    return {**raw, "questions": {question["key"]: question for question in raw["questions"]}}


def coped_well_options() -> dict[str, str]:
    """The agreement scale for "our group has coped well", key to label."""
    return {option["key"]: option["label"] for option in confidence_survey()["questions"]["coped_well"]["options"]}


def suggested_sheet(kind: str) -> str:
    """Prompt sheet 2 for small volunteer-led community groups; sheet 1 for VCSE and statutory providers. The
    link worker may choose the other (a large community group, a small charity)."""
    return "community_group" if kind == OrganisationKind.COMMUNITY_GROUP else "vcse_provider"


def sheet_choices() -> list[tuple[str, str]]:
    return [(key, sheet["title"]) for key, sheet in prompt_sheets()["sheets"].items()]
