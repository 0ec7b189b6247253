"""An organisation's answers to the six-question confidence survey, on the web or taken by phone (seed 003 section
12). Like every quality assurance write: every rule checked first, one transaction, one audit row, no person."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.community.models import ConfidenceSurvey
from linkwork.community.quality.fields import check_provider, clean_text, past_date
from linkwork.community.quality.sheets import DISAGREEING, confidence_survey, coped_well_options
from linkwork.core.auditor import Auditor
from linkwork.core.errors import ErrorCollector, RuleViolation
from linkwork.core.roles import Role
from linkwork.core.text import words
from linkwork.organisations.models import Organisation

# Who may take the survey's answers by phone (community/rules.py: community.take_confidence_survey).
PHONE_SURVEY_ROLES = frozenset({Role.LINK_WORKER, Role.PCN_MANAGER})


SURVEY_TEXT = ("what_would_help", "gaps", "support_needed")
SURVEY_COUNTS = ("people_connected", "volunteers")


def survey_nudges(answers: Mapping[str, Any]) -> list[str]:
    """What the survey should ask again before it is sent (a prompt, never a refusal)."""
    if answers.get("coped_well") in DISAGREEING and not words(answers.get("what_would_help")):
        return ["You disagreed that the group has coped well. Tell us what would help, so we can support you."]
    return []


def _survey_answers(answers: Mapping[str, Any], errors: ErrorCollector) -> dict[str, Any]:
    questions = confidence_survey()["questions"]
    for key in answers:
        if key not in questions:
            errors.add(key, "unknown", f"{key} is not a question on the confidence survey")
    kept: dict[str, Any] = {}
    for key in SURVEY_COUNTS:
        value = answers.get(key)
        if value is None or value == "":
            kept[key] = None
        elif isinstance(value, bool) or not isinstance(value, int):
            errors.add(key, "number", "give a whole number")
        elif value < 0:
            errors.add(key, "range", "the number cannot be below 0")
        elif value > 1_000_000:
            errors.add(key, "range", "the number is too large")
        else:
            kept[key] = value
    coped_well = answers.get("coped_well") or ""
    options = coped_well_options()
    if not coped_well:
        errors.add("coped_well", "required", "say how far you agree that the group has coped well with referrals")
    elif coped_well not in options:
        errors.add("coped_well", "choice", f"coped_well must be one of {', '.join(options)}")
    kept["coped_well"] = coped_well
    for key in SURVEY_TEXT:
        kept[key] = clean_text(key, answers.get(key), errors, label="the answer")
    return kept


@transaction.atomic
def record_confidence_survey(
    organisation: Organisation,
    answers: Mapping[str, Any],
    *,
    via: str,
    answered_on: date | None = None,
    user: User,
    auditor: Auditor,
) -> ConfidenceSurvey:
    """An organisation's answers to the six-question confidence survey (seed 003 section 12).

    On the web a VCSE partner answers for their own organisation; by phone a link worker or PCN manager writes
    down the answers the organisation gave. Counts are whole numbers from 0; "what would help" is asked for
    (survey_nudges) but never required.
    """
    errors = ErrorCollector()
    if via == ConfidenceSurvey.Via.WEB:
        if user.role != Role.VCSE_PARTNER:
            raise RuleViolation.single("user", "role", "only the organisation's own VCSE partner answers on the web")
        if organisation.pk != user.organisation_id:
            raise RuleViolation.single(
                "organisation", "own_organisation", "a VCSE partner answers only for their own organisation"
            )
    elif via == ConfidenceSurvey.Via.PHONE:
        if user.role not in PHONE_SURVEY_ROLES:
            raise RuleViolation.single(
                "user", "role", "only link workers and PCN managers enter answers taken by phone"
            )
    else:
        raise RuleViolation.single("via", "choice", "via must be web or phone")
    check_provider(organisation, errors)
    kept = _survey_answers(answers, errors)
    answered_on = past_date("answered_on", answered_on or timezone.localdate(), errors, "of the answers")
    errors.raise_if_any()
    assert answered_on is not None

    survey = ConfidenceSurvey.objects.create(
        organisation=organisation, answered_on=answered_on, via=via, created_by=auditor.actor, **kept
    )
    auditor.created(
        "confidence_survey",
        survey.pk,
        detail={"organisation": str(organisation.pk), "via": via, "coped_well": kept["coped_well"]},
    )
    return survey
