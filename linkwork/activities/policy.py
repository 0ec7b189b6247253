"""What an activity record must hold (plain values in and out, ADR 0003).

Seed 000: work "not specific to one individual" is "recorded through other routes" and "cannot be recorded against
individuals", so a record names no one and is never coded. The limits are linkwork's: one record is at most a long
working day, it is recorded within a year of happening (older is a mistyped year), and the note is short and must
not carry an NHS number (it would make the record about one person).
"""

import re
from collections.abc import Collection
from datetime import date, timedelta

from linkwork.core.text import words
from linkwork.people.identifiers import nhs_number_problem

MAX_MINUTES = 12 * 60
RECORD_WITHIN_DAYS = 366
NOTE_MAX = 1000
NOTE_NEEDED_FOR = frozenset({"other"})
# Ten digits, or three, three and four with spaces or hyphens between (how NHS numbers are written).
_NUMBER_LIKE = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")

Problem = tuple[str, str, str]  # (field, rule, message)


def names_an_nhs_number(text: str) -> bool:
    """Whether the text holds a valid NHS number (its modulus-11 check digit right), however it is spaced."""
    return any(
        nhs_number_problem("".join(found), test_numbers_allowed=True) is None
        for found in _NUMBER_LIKE.findall(text or "")
    )


def activity_problems(
    *, occurred_on: date | None, minutes: object, kind: str, note: str, kinds: Collection[str], today: date
) -> list[Problem]:
    """Every broken rule of one activity record, in field order; none when it may be stored."""
    problems: list[Problem] = []
    if occurred_on is None:
        problems.append(("occurred_on", "required", "enter the date of the activity"))
    elif occurred_on > today:
        problems.append(("occurred_on", "not_in_future", "the date must be today or in the past"))
    elif occurred_on < today - timedelta(days=RECORD_WITHIN_DAYS):
        problems.append(("occurred_on", "too_old", "record activity within a year of the day it happened"))
    if minutes is None or minutes == "":
        problems.append(("minutes", "required", "enter how many minutes it took"))
    elif isinstance(minutes, bool) or not isinstance(minutes, int):
        problems.append(("minutes", "number", "enter the minutes as a whole number"))
    elif not 1 <= minutes <= MAX_MINUTES:
        problems.append(("minutes", "range", f"the minutes must be from 1 to {MAX_MINUTES} (12 hours)"))
    if not kind:
        problems.append(("kind", "required", "choose what kind of activity it was"))
    elif kind not in kinds:
        problems.append(("kind", "choice", f"the kind must be one of {', '.join(kinds)}"))
    text = words(note)
    if len(text) > NOTE_MAX:
        problems.append(("note", "max_length", f"the note must be {NOTE_MAX:,} characters or fewer"))
    if not text and kind in NOTE_NEEDED_FOR:
        problems.append(("note", "required_for_other", "say in the note what the activity was"))
    if names_an_nhs_number(text):
        problems.append(("note", "no_person", "this record is not about one person: leave NHS numbers out of the note"))
    return problems
