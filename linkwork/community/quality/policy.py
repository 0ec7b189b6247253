"""When an organisation's quality assurance needs attention, as plain values in and out (ADR 0003).

Seed 003 section 9: the agreement to connect is reviewed annually or on a significant change of leadership;
catch-ups at least every six months; the confidence survey every six months. The intervals are data
(data/prompt_sheets.yaml, data/confidence_survey.yaml), passed in by the caller.
"""

from datetime import date, timedelta

from linkwork.core.dates import add_months

CURRENT = "current"
DUE = "due"  # still current, but the date is near
OVERDUE = "overdue"
NONE = "none"
DUE_WITHIN_DAYS = 30


def agreement_review_due(signed_on: date, review_after_months: int) -> date:
    """A year (review_after_months) after the later of the two signatures."""
    return add_months(signed_on, review_after_months)


def agreement_state(review_due_on: date | None, leadership_changed_on: date | None, today: date) -> str:
    """ "none" without an agreement; "overdue" once the review date has passed or the leadership has changed
    (the agreement has lapsed until it is reviewed); "due" within DUE_WITHIN_DAYS of the review date."""
    if review_due_on is None:
        return NONE
    if leadership_changed_on is not None or review_due_on <= today:
        return OVERDUE
    if review_due_on <= today + timedelta(days=DUE_WITHIN_DAYS):
        return DUE
    return CURRENT


def agreement_is_current(state: str) -> bool:
    """A link worker may connect people under an agreement that is current or nearly due for review."""
    return state in (CURRENT, DUE)


def every_months_state(last_on: date | None, every_months: int, today: date) -> str:
    """For catch-ups and confidence surveys: "overdue" when never held or last held more than `every_months`
    ago, "due" within DUE_WITHIN_DAYS of that, else "current"."""
    if last_on is None:
        return OVERDUE
    next_on = add_months(last_on, every_months)
    if next_on <= today:
        return OVERDUE
    if next_on <= today + timedelta(days=DUE_WITHIN_DAYS):
        return DUE
    return CURRENT


def exception_applies(granted_on: date, expires_on: date | None, today: date) -> bool:
    return granted_on <= today and (expires_on is None or today < expires_on)


# Why an agreement to connect may not be signed yet (the rule names what is missing).
PROMPT_SHEET_REQUIRED = "prompt_sheet_required"
NOT_CONFIDENT = "not_confident"


def agreement_refusal(
    latest_confident: bool | None, named_confident: bool | None, exception_in_force: bool
) -> str | None:
    """Whether an agreement to connect may be signed: None if it may, else the rule it would break.

    Seed 003 section 9, quality assurance process and Appendix 5: the link worker and the organisation work through
    the right prompt sheet together (step 2); the link worker agrees to connect on the PCN's behalf (step 3) and the
    agreement is signed (step 5); where the link worker is not confident, they refer to their PCN line manager (step
    4). So the agreement follows a prompt sheet, and the latest one worked through before signing (and the one the
    agreement names, if it names one) ended confident, or else a PCN manager's recorded exception is in force.

    `latest_confident`: the outcome of the PCN's latest prompt sheet with the organisation on or before the earlier
    signature (None: there is none); `named_confident`: the outcome of the one the agreement names (None: none named).
    """
    if exception_in_force:
        return None
    if latest_confident is None:
        return PROMPT_SHEET_REQUIRED
    if not latest_confident or named_confident is False:
        return NOT_CONFIDENT
    return None
