"""Writes to an organisation's quality assurance: prompt sheets worked through, agreements to connect, a change of
leadership, catch-ups, exceptions and confidence surveys (seed 003 sections 9 and 12).

Each function checks every rule before writing, writes inside one transaction and audits the change (no person:
these are records about organisations), so bad input stores nothing and every problem is reported at once.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.community import qa_rules, quality
from linkwork.community.models import (
    Agreement,
    AgreementException,
    CatchUp,
    ConfidenceSurvey,
    QualityAssessment,
)
from linkwork.core.auditor import Auditor
from linkwork.core.dates import long_date
from linkwork.core.errors import ErrorCollector, RuleViolation
from linkwork.core.roles import PCN_ROLES, Role
from linkwork.core.text import words
from linkwork.organisations.models import Organisation

NAME_MAX = 200
TEXT_MAX = 5000
# Who may take the survey's answers by phone (quality_rules: community.take_confidence_survey).
PHONE_SURVEY_ROLES = frozenset({Role.LINK_WORKER, Role.PCN_MANAGER})


def _pcn_of(user: User) -> Organisation:
    """The PCN a PCN role acts for; anyone else is refused."""
    if user.role not in PCN_ROLES:
        raise RuleViolation.single("user", "role", "only PCN staff record quality assurance with organisations")
    return user.organisation


def _provider(organisation: Organisation, errors: ErrorCollector) -> None:
    if not quality.is_provider(organisation):
        errors.add(
            "organisation",
            "kind",
            "quality assurance is for VCSE organisations, community groups and statutory services only",
        )


def _text(name: str, value: Any, errors: ErrorCollector, *, limit: int = TEXT_MAX, label: str = "") -> str:
    text = words(value)
    if len(text) > limit:
        errors.add(name, "max_length", f"{label or name.replace('_', ' ')} must be {limit:,} characters or fewer")
    return text


def _past_date(name: str, value: Any, errors: ErrorCollector, label: str, *, required: bool = True) -> date | None:
    """A date that has happened: today or before."""
    if value is None or value == "":
        if required:
            errors.add(name, "required", f"give the date {label}")
        return None
    if not isinstance(value, date):
        errors.add(name, "date", f"give the date {label} as a date, e.g. 2026-11-03")
        return None
    if value > timezone.localdate():
        errors.add(name, "not_in_future", f"the date {label} must be today or in the past")
    return value


def _sheet(key: Any, errors: ErrorCollector, name: str = "sheet") -> dict | None:
    sheets = quality.prompt_sheets()["sheets"]
    if not key:
        errors.add(name, "required", "choose the prompt sheet used")
        return None
    if key not in sheets:
        errors.add(name, "choice", f"the prompt sheet must be one of {', '.join(sheets)}")
        return None
    return sheets[key]


def _documents(sheet: dict, given: Mapping[str, Any], errors: ErrorCollector) -> dict[str, bool]:
    """Every document on the sheet answered yes (received) or no; nothing else."""
    known = {document["key"]: document["label"] for document in sheet["documents"]}
    for key in given:
        if key not in known:
            errors.add(f"documents.{key}", "unknown", f"{key} is not a document on this prompt sheet")
    found = {}
    for key, label in known.items():
        value = given.get(key)
        if value is None:
            errors.add(f"documents.{key}", "required", f"say whether the {label[:1].lower()}{label[1:]} was received")
        elif not isinstance(value, bool):
            errors.add(f"documents.{key}", "choice", f"answer yes or no for the {label[:1].lower()}{label[1:]}")
        else:
            found[key] = value
    return found


def _checks(sheet: dict, given: Mapping[str, Any], errors: ErrorCollector) -> dict[str, dict[str, str]]:
    """Notes and supporting evidence for each check on the sheet (either may be blank: a small group without
    written policies is never turned away for that alone)."""
    known = {check["key"]: check["label"] for check in sheet["checks"]}
    for key in given:
        if key not in known:
            errors.add(f"checks.{key}", "unknown", f"{key} is not a check on this prompt sheet")
    found = {}
    for key, label in known.items():
        value = given.get(key) or {}
        if not isinstance(value, Mapping):
            errors.add(f"checks.{key}", "shape", f"give notes and evidence for {label.lower()}")
            continue
        for part in value:
            if part not in ("notes", "evidence"):
                errors.add(f"checks.{key}.{part}", "unknown", "each check takes only notes and evidence")
        found[key] = {
            part: _text(f"checks.{key}.{part}", value.get(part), errors, label=f"the {part} for {label.lower()}")
            for part in ("notes", "evidence")
        }
    return found


@transaction.atomic
def record_assessment(
    organisation: Organisation,
    *,
    sheet: str,
    documents: Mapping[str, Any],
    checks: Mapping[str, Any],
    notes: str = "",
    actions_agreed: str = "",
    confident: Any = True,
    assessed_on: date | None = None,
    user: User,
    auditor: Auditor,
) -> QualityAssessment:
    """Keep a prompt sheet worked through with an organisation (seed 003 section 9, steps 2 to 4).

    Any sheet may be chosen (quality.suggested_sheet names the usual one). When the link worker is not confident,
    the actions agreed with the group must be written down (step 4).
    """
    pcn = _pcn_of(user)
    errors = ErrorCollector()
    _provider(organisation, errors)
    chosen = _sheet(sheet, errors)
    kept_documents = _documents(chosen, documents or {}, errors) if chosen else {}
    kept_checks = _checks(chosen, checks or {}, errors) if chosen else {}
    notes = _text("notes", notes, errors)
    actions_agreed = _text("actions_agreed", actions_agreed, errors, label="the actions agreed")
    if not isinstance(confident, bool):
        errors.add("confident", "required", "say whether you are confident to connect people to this organisation")
    elif not confident and not actions_agreed:
        errors.add(
            "actions_agreed",
            "required_when_not_confident",
            "write the actions agreed with the organisation, and refer to your PCN line manager",
        )
    assessed_on = _past_date("assessed_on", assessed_on or timezone.localdate(), errors, "of the assessment")
    errors.raise_if_any()
    assert assessed_on is not None

    assessment = QualityAssessment.objects.create(
        organisation=organisation,
        pcn=pcn,
        sheet=sheet,
        assessed_on=assessed_on,
        documents=kept_documents,
        checks=kept_checks,
        notes=notes,
        actions_agreed=actions_agreed,
        confident=confident,
        created_by=auditor.actor,
    )
    auditor.created(
        "quality_assessment",
        assessment.pk,
        detail={"organisation": str(organisation.pk), "sheet": sheet, "confident": confident},
    )
    return assessment


@transaction.atomic
def sign_agreement(
    organisation: Organisation,
    *,
    sheet: str,
    pcn_signatory: str,
    pcn_signed_on: date | None,
    organisation_signatory: str,
    organisation_signed_on: date | None,
    assessment: QualityAssessment | None = None,
    user: User,
    auditor: Auditor,
) -> Agreement:
    """Keep an agreement to connect signed by the PCN and the organisation (step 5). It falls due for review
    `review_after_months` after the later signature; a new agreement replaces the one before (a review)."""
    pcn = _pcn_of(user)
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()  # one signing at a time
    errors = ErrorCollector()
    _provider(organisation, errors)
    _sheet(sheet, errors)
    pcn_signatory = _text("pcn_signatory", pcn_signatory, errors, limit=NAME_MAX, label="the PCN signatory's name")
    if not pcn_signatory:
        errors.add("pcn_signatory", "required", "give the name of the person who signed for the PCN")
    organisation_signatory = _text(
        "organisation_signatory", organisation_signatory, errors, limit=NAME_MAX, label="the signatory's name"
    )
    if not organisation_signatory:
        errors.add("organisation_signatory", "required", "give the name of the person who signed for the organisation")
    pcn_on = _past_date("pcn_signed_on", pcn_signed_on, errors, "the PCN signed")
    organisation_on = _past_date("organisation_signed_on", organisation_signed_on, errors, "the organisation signed")
    if assessment is not None:
        if assessment.organisation_id != organisation.pk or assessment.pcn_id != pcn.pk:
            errors.add("assessment", "not_found", "that assessment is not one of your PCN's with this organisation")
        else:
            if sheet and assessment.sheet != sheet:
                errors.add("sheet", "matches_assessment", "the prompt sheet must be the one used in the assessment")
            for name, signed_on in (("pcn_signed_on", pcn_on), ("organisation_signed_on", organisation_on)):
                if signed_on and signed_on < assessment.assessed_on:
                    errors.add(
                        name,
                        "after_assessment",
                        f"the agreement cannot be signed before the assessment ({long_date(assessment.assessed_on)})",
                    )
    previous = quality.latest_agreement(organisation.pk, pcn.pk)
    if previous is not None:
        for name, signed_on, before in (
            ("pcn_signed_on", pcn_on, previous.pcn_signed_on),
            ("organisation_signed_on", organisation_on, previous.organisation_signed_on),
        ):
            if signed_on and signed_on < before:
                errors.add(
                    name,
                    "after_previous",
                    f"a new agreement cannot be signed before the last one was ({long_date(before)})",
                )
    errors.raise_if_any()
    assert pcn_on is not None and organisation_on is not None  # checked above

    agreement = Agreement.objects.create(
        organisation=organisation,
        pcn=pcn,
        assessment=assessment,
        sheet=sheet,
        pcn_signatory=pcn_signatory,
        pcn_signed_on=pcn_on,
        organisation_signatory=organisation_signatory,
        organisation_signed_on=organisation_on,
        review_due_on=qa_rules.agreement_review_due(
            max(pcn_on, organisation_on), quality.prompt_sheets()["review_after_months"]
        ),
        created_by=auditor.actor,
    )
    auditor.created(
        "agreement",
        agreement.pk,
        detail={
            "organisation": str(organisation.pk),
            "sheet": sheet,
            "review_due_on": agreement.review_due_on.isoformat(),
            "replaces": str(previous.pk) if previous else None,
        },
    )
    return agreement


@transaction.atomic
def record_leadership_change(
    organisation: Organisation, *, changed_on: date | None, user: User, auditor: Auditor
) -> Agreement:
    """A significant change of leadership calls a review: the latest agreement lapses (qa_rules.agreement_state)
    until a new one is signed, or a PCN manager records an exception."""
    pcn = _pcn_of(user)
    errors = ErrorCollector()
    _provider(organisation, errors)
    agreement = quality.latest_agreement(organisation.pk, pcn.pk)
    changed_on = _past_date("changed_on", changed_on, errors, "the leadership changed")
    if agreement is None:
        errors.add("agreement", "required", "there is no agreement to connect with this organisation to review")
    else:
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.leadership_changed_on is not None:
            errors.add(
                "changed_on",
                "already_recorded",
                f"a change of leadership on {long_date(agreement.leadership_changed_on)} is already waiting for a "
                "review; sign a new agreement",
            )
        signed = max(agreement.pcn_signed_on, agreement.organisation_signed_on)
        if changed_on and changed_on < signed:
            errors.add(
                "changed_on",
                "after_agreement",
                f"the change must be after the agreement was signed ({long_date(signed)})",
            )
    errors.raise_if_any()
    assert agreement is not None and changed_on is not None  # checked above

    agreement.leadership_changed_on = changed_on
    agreement.save(update_fields=["leadership_changed_on", "updated_at"])
    auditor.updated(
        "agreement",
        agreement.pk,
        detail={"organisation": str(organisation.pk), "leadership_changed_on": changed_on.isoformat()},
    )
    return agreement


@transaction.atomic
def record_catch_up(
    organisation: Organisation, *, held_on: date | None, notes: str = "", user: User, auditor: Auditor
) -> CatchUp:
    """A catch-up with the organisation (at least every six months, step 7)."""
    pcn = _pcn_of(user)
    errors = ErrorCollector()
    _provider(organisation, errors)
    held_on = _past_date("held_on", held_on, errors, "of the catch-up")
    notes = _text("notes", notes, errors)
    errors.raise_if_any()
    assert held_on is not None  # checked above

    catch_up = CatchUp.objects.create(
        organisation=organisation, pcn=pcn, held_on=held_on, notes=notes, created_by=auditor.actor
    )
    auditor.created(
        "catch_up", catch_up.pk, detail={"organisation": str(organisation.pk), "held_on": held_on.isoformat()}
    )
    return catch_up


@transaction.atomic
def record_exception(
    organisation: Organisation, *, reason: str, expires_on: date | None = None, user: User, auditor: Auditor
) -> AgreementException:
    """A PCN manager's decision that link workers may connect people to the organisation without a current
    agreement, for a reason, from today and until `expires_on` if given. Kept with who granted it and when."""
    if user.role != Role.PCN_MANAGER:
        raise RuleViolation.single("user", "role", "only a PCN manager may allow connections without an agreement")
    pcn = _pcn_of(user)
    today = timezone.localdate()
    errors = ErrorCollector()
    _provider(organisation, errors)
    reason = _text("reason", reason, errors, label="the reason")
    if not reason:
        errors.add("reason", "required", "give the reason for allowing connections without a current agreement")
    if expires_on is not None:
        if not isinstance(expires_on, date):
            errors.add("expires_on", "date", "give the end date as a date, e.g. 2027-01-31")
        elif expires_on <= today:
            errors.add("expires_on", "after_today", "the exception must end after today (or leave the date blank)")
    errors.raise_if_any()

    exception = AgreementException.objects.create(
        organisation=organisation,
        pcn=pcn,
        reason=reason,
        granted_on=today,
        expires_on=expires_on,
        created_by=auditor.actor,
    )
    auditor.created(
        "agreement_exception",
        exception.pk,
        detail={
            "organisation": str(organisation.pk),
            "granted_on": today.isoformat(),
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
    )
    return exception


SURVEY_TEXT = ("what_would_help", "gaps", "support_needed")
SURVEY_COUNTS = ("people_connected", "volunteers")


def survey_nudges(answers: Mapping[str, Any]) -> list[str]:
    """What the survey should ask again before it is sent (a prompt, never a refusal)."""
    if answers.get("coped_well") in quality.DISAGREEING and not words(answers.get("what_would_help")):
        return ["You disagreed that the group has coped well. Tell us what would help, so we can support you."]
    return []


def _survey_answers(answers: Mapping[str, Any], errors: ErrorCollector) -> dict[str, Any]:
    questions = quality.confidence_survey()["questions"]
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
    options = quality.coped_well_options()
    if not coped_well:
        errors.add("coped_well", "required", "say how far you agree that the group has coped well with referrals")
    elif coped_well not in options:
        errors.add("coped_well", "choice", f"coped_well must be one of {', '.join(options)}")
    kept["coped_well"] = coped_well
    for key in SURVEY_TEXT:
        kept[key] = _text(key, answers.get(key), errors, label="the answer")
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
    _provider(organisation, errors)
    kept = _survey_answers(answers, errors)
    answered_on = _past_date("answered_on", answered_on or timezone.localdate(), errors, "of the answers")
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
