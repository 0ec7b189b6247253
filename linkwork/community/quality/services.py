"""Writes to an organisation's quality assurance: prompt sheets worked through, agreements to connect, a change of
leadership, catch-ups and exceptions (seed 003 section 9, Appendix 5). Confidence surveys: survey_services.

Each function checks every rule before writing, writes inside one transaction and audits the change (no person:
these are records about organisations), so bad input stores nothing and every problem is reported at once.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.community.models import Agreement, AgreementException, CatchUp, QualityAssessment
from linkwork.community.quality import policy, presenters
from linkwork.community.quality.fields import NAME_MAX, check_provider, clean_text, past_date, pcn_of
from linkwork.community.quality.sheets import prompt_sheets
from linkwork.core.auditor import Auditor
from linkwork.core.dates import long_date
from linkwork.core.errors import ErrorCollector, RuleViolation
from linkwork.core.roles import Role
from linkwork.organisations.models import Organisation


def _sheet(key: Any, errors: ErrorCollector, name: str = "sheet") -> dict | None:
    sheets = prompt_sheets()["sheets"]
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
            part: clean_text(f"checks.{key}.{part}", value.get(part), errors, label=f"the {part} for {label.lower()}")
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

    Any sheet may be chosen (sheets.suggested_sheet names the usual one). When the link worker is not confident,
    the actions agreed with the group must be written down (step 4).
    """
    pcn = pcn_of(user)
    errors = ErrorCollector()
    check_provider(organisation, errors)
    chosen = _sheet(sheet, errors)
    kept_documents = _documents(chosen, documents or {}, errors) if chosen else {}
    kept_checks = _checks(chosen, checks or {}, errors) if chosen else {}
    notes = clean_text("notes", notes, errors)
    actions_agreed = clean_text("actions_agreed", actions_agreed, errors, label="the actions agreed")
    if not isinstance(confident, bool):
        errors.add("confident", "required", "say whether you are confident to connect people to this organisation")
    elif not confident and not actions_agreed:
        errors.add(
            "actions_agreed",
            "required_when_not_confident",
            "write the actions agreed with the organisation, and refer to your PCN line manager",
        )
    assessed_on = past_date("assessed_on", assessed_on or timezone.localdate(), errors, "of the assessment")
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


# The fields whose problems make the basis of an agreement meaningless to judge (reported on their own).
_BASIS_NEEDS = ("organisation", "sheet", "assessment", "pcn_signed_on", "organisation_signed_on")


def _basis(
    organisation: Organisation,
    pcn: Organisation,
    named: QualityAssessment | None,
    pcn_on: date | None,
    organisation_on: date | None,
    errors: ErrorCollector,
) -> dict[str, str]:
    """What the agreement rests on (policy.agreement_refusal): the PCN's latest prompt sheet with the organisation
    worked through on or before the earlier signature, confident; or a PCN manager's exception in force today. The
    audit row names it."""
    if pcn_on is None or organisation_on is None or any(errors.has(name) for name in _BASIS_NEEDS):
        return {}
    latest = presenters.latest_assessment_by(organisation.pk, pcn.pk, min(pcn_on, organisation_on))
    exception = presenters.exception_in_force(organisation.pk, pcn.pk, timezone.localdate())
    refusal = policy.agreement_refusal(
        latest.confident if latest else None, named.confident if named else None, exception is not None
    )
    if refusal == policy.PROMPT_SHEET_REQUIRED:
        errors.add(
            "assessment",
            refusal,
            "work through a prompt sheet with the organisation before the agreement is signed, or ask your PCN "
            "manager to record an exception",
        )
    elif refusal == policy.NOT_CONFIDENT:
        not_confident = named if named is not None and not named.confident else latest
        assert not_confident is not None
        errors.add(
            "assessment",
            refusal,
            f"the prompt sheet worked through on {long_date(not_confident.assessed_on)} was not confident: agree the "
            "actions with the organisation and work through it again, or ask your PCN manager to record an exception",
        )
    if exception is not None:
        return {"under_exception": str(exception.pk)}
    return {"follows": str(latest.pk)} if latest else {}


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
    """Keep an agreement to connect signed by the PCN and the organisation (seed 003 Appendix 5, step 5). It is signed
    only after a prompt sheet worked through with the organisation ended confident, or under a PCN manager's exception
    (`_basis`). It falls due for review `review_after_months` after the later signature; a new agreement replaces the
    one before (a review)."""
    pcn = pcn_of(user)
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()  # one signing at a time
    errors = ErrorCollector()
    check_provider(organisation, errors)
    _sheet(sheet, errors)
    pcn_signatory = clean_text("pcn_signatory", pcn_signatory, errors, limit=NAME_MAX, label="the PCN signatory's name")
    if not pcn_signatory:
        errors.add("pcn_signatory", "required", "give the name of the person who signed for the PCN")
    organisation_signatory = clean_text(
        "organisation_signatory", organisation_signatory, errors, limit=NAME_MAX, label="the signatory's name"
    )
    if not organisation_signatory:
        errors.add("organisation_signatory", "required", "give the name of the person who signed for the organisation")
    pcn_on = past_date("pcn_signed_on", pcn_signed_on, errors, "the PCN signed")
    organisation_on = past_date("organisation_signed_on", organisation_signed_on, errors, "the organisation signed")
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
    previous = presenters.latest_agreement(organisation.pk, pcn.pk)
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
    basis = _basis(organisation, pcn, assessment, pcn_on, organisation_on, errors)
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
        review_due_on=policy.agreement_review_due(max(pcn_on, organisation_on), prompt_sheets()["review_after_months"]),
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
            **basis,
        },
    )
    return agreement


@transaction.atomic
def record_leadership_change(
    organisation: Organisation, *, changed_on: date | None, user: User, auditor: Auditor
) -> Agreement:
    """A significant change of leadership calls a review: the latest agreement lapses (policy.agreement_state)
    until a new one is signed, or a PCN manager records an exception."""
    pcn = pcn_of(user)
    errors = ErrorCollector()
    check_provider(organisation, errors)
    agreement = presenters.latest_agreement(organisation.pk, pcn.pk)
    changed_on = past_date("changed_on", changed_on, errors, "the leadership changed")
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
    pcn = pcn_of(user)
    errors = ErrorCollector()
    check_provider(organisation, errors)
    held_on = past_date("held_on", held_on, errors, "of the catch-up")
    notes = clean_text("notes", notes, errors)
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
    pcn = pcn_of(user)
    today = timezone.localdate()
    errors = ErrorCollector()
    check_provider(organisation, errors)
    reason = clean_text("reason", reason, errors, label="the reason")
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
