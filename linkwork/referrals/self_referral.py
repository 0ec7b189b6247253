"""A person refers themselves to their GP practice's link worker service through the public form.

No one is signed in: the actor is the named system job `self_referral`. The same rules as any referral
apply (the person's details are checked by `validate_person_details` against every practice in a PCN, the
referral by the referrals service's own checks), plus the public form's own: a way to contact the person and
their consent. All or nothing.

Three things differ from a referral received by staff, because anyone on the internet can send this form:

- An existing record (found by NHS number) is never changed. Details that differ from it are written into
  the referral's context, for the link worker to check with the person.
- A person who already has an open episode does not get a second one; the refusal is audited.
- Whatever happened, the caller shows the same confirmation, so the form never tells a visitor whether
  someone is known to the service.

Why not `services.receive_referral` itself: it needs a signed-in `User` (the referral's `referred_by`, the
practices within their reach, the caseload assignment), and a self-referral has none. This module uses the
same validation and writes the episode through the same `services.start_episode`.
"""

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.core.auditor import Auditor
from linkwork.core.errors import ErrorCollector
from linkwork.core.models import AuditLog
from linkwork.geography.policy.postcodes import normalise_postcode
from linkwork.organisations.models import Organisation, OrganisationKind
from linkwork.people.identifiers import normalise_nhs_number
from linkwork.people.models import Person
from linkwork.people.services import PersonDetails, register_person, validate_person_details
from linkwork.referrals.models import (
    Referral,
    Urgency,
)
from linkwork.referrals.services import ReferralDetails, _validate_referral, start_episode

SYSTEM_JOB = "self_referral"
REFERRER_TYPE = "self_referral"
REFERRER_DETAIL = "Online self-referral form"
MAX_ANYTHING_ELSE = 2000
_PHONE = re.compile(r"^(?:\+44|0)\d{9,10}$")


class Outcome(enum.Enum):
    CREATED = "created"
    OPEN_EPISODE = "open_episode"


@dataclass(frozen=True)
class SelfReferral:
    person: PersonDetails
    reasons: Sequence[str]
    phone: str = ""
    email: str = ""
    anything_else: str = ""
    consent: bool = False


@dataclass(frozen=True)
class SelfReferralResult:
    outcome: Outcome
    referral: Referral
    person_created: bool = False


def self_referral_auditor() -> Auditor:
    # No IP address: a self-referral stores nothing about where it was sent from.
    return Auditor(system=SYSTEM_JOB)


def open_practices() -> QuerySet[Organisation]:
    """Every GP practice a person may refer themselves to: any that belongs to a PCN."""
    return Organisation.objects.filter(kind=OrganisationKind.PRACTICE, parent__isnull=False)


def practices() -> list[Organisation]:
    """The practices to choose from on the form, by name."""
    return list(open_practices().order_by("name"))


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s().-]", "", value or "")


def _validate_own_rules(submission: SelfReferral, errors: ErrorCollector) -> None:
    phone, email = normalise_phone(submission.phone), (submission.email or "").strip()
    if not phone and not email:
        errors.add("contact", "required", "give a phone number or an email address so a link worker can contact you")
    if phone and not _PHONE.match(phone):
        errors.add("phone", "format", "enter a UK phone number, like 07700 900 982 or 0113 496 0000")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", "format", "enter an email address in the correct format, like name@example.com")
    if len(submission.anything_else) > MAX_ANYTHING_ELSE:
        errors.add("anything_else", "max_length", f"anything else must be {MAX_ANYTHING_ELSE:,} characters or fewer")
    if not submission.consent:
        errors.add("consent", "required", "confirm that you agree to be contacted by a link worker")


def _differences(person: Person, details: PersonDetails, practice: Organisation) -> dict[str, str]:
    """What the form says that the person's record does not (the record is left as it is)."""
    given = {
        "given_name": details.given_name.strip(),
        "family_name": details.family_name.strip(),
        "birth_date": details.birth_date,
        "sex": details.sex,
        "postcode": normalise_postcode(details.postcode),
    }
    differ = {name: str(value) for name, value in given.items() if getattr(person, name) != value}
    if person.gp_practice_id != practice.pk:
        differ["gp_practice"] = f"{practice.name} ({practice.code})"
    return differ


FIELD_LABELS = {
    "given_name": "first name",
    "family_name": "last name",
    "birth_date": "date of birth",
    "sex": "sex",
    "postcode": "postcode",
    "gp_practice": "GP practice",
}


def _context(submission: SelfReferral, differ: dict[str, str]) -> str:
    lines = ["Sent by the person through the online self-referral form."]
    contact = []
    if phone := normalise_phone(submission.phone):
        contact.append(f"phone {phone}")
    if email := submission.email.strip():
        contact.append(f"email {email}")
    lines.append(f"Contact them by: {'; '.join(contact)}.")
    if differ:
        given = "; ".join(f"{FIELD_LABELS[name]}: {value}" for name, value in differ.items())
        lines.append(f"The form gave details that differ from their record (check them with the person): {given}.")
    if anything_else := submission.anything_else.strip():
        lines += ["", "Anything else they told us:", anything_else]
    return "\n".join(lines)


def _check(submission: SelfReferral, today: date) -> tuple[Organisation, ReferralDetails]:
    """Every rule, all problems at once; returns what the writes need."""
    errors = ErrorCollector()
    practice = validate_person_details(submission.person, open_practices(), errors)
    details = ReferralDetails(
        received_on=today,
        referrer_type=REFERRER_TYPE,
        referrer_detail=REFERRER_DETAIL,
        reasons=list(submission.reasons),
        urgency=Urgency.ROUTINE,
        context=_context(submission, {}),
    )
    referral_errors = ErrorCollector()
    _validate_referral(details, submission.person.birth_date, referral_errors)
    # The date received is today; it can only be "before the date of birth" when the date of birth is in the
    # future, which the person's own checks already report against the date of birth.
    errors.errors += [e for e in referral_errors.errors if e.field != "received_on"]
    _validate_own_rules(submission, errors)
    errors.raise_if_any()
    assert practice is not None and practice.parent_id is not None  # checked above
    return practice, details


def check_self_referral(submission: SelfReferral) -> None:
    """Raise RuleViolation if the submission breaks any rule; store nothing either way."""
    _check(submission, timezone.localdate())


@transaction.atomic
def receive_self_referral(submission: SelfReferral, *, auditor: Auditor) -> SelfReferralResult:
    """Start a waiting, routine episode in the chosen practice's PCN, finding the person by NHS number or
    registering them. Raises RuleViolation (nothing stored) if any rule is broken."""
    today = timezone.localdate()
    practice, details = _check(submission, today)
    nhs_number = normalise_nhs_number(submission.person.nhs_number)
    # The chosen practice's PCN's record only (ADR 0009): another PCN's record is never read or changed here.
    person = Person.objects.select_for_update().filter(pcn_id=practice.parent_id, nhs_number=nhs_number).first()
    person_created, differ = False, {}
    if person is None:
        person, person_created = register_person(submission.person, practices=open_practices(), auditor=auditor)
    else:
        differ = _differences(person, submission.person, practice)

    open_episode = Referral.objects.filter(person=person).open().order_by("received_on").first()
    if open_episode is not None:
        auditor.record(
            AuditLog.Action.DENIED,
            "self_referral",
            open_episode.pk,
            person_id=person.pk,
            detail={"refused": "open_episode", "reasons": list(dict.fromkeys(details.reasons))},
        )
        return SelfReferralResult(Outcome.OPEN_EPISODE, open_episode)

    referral = start_episode(
        person,
        replace(details, context=_context(submission, differ)),
        practice=practice,
        referred_by=None,
        assigned_to=None,
        auditor=auditor,
        audit_detail={"details_differ": sorted(differ)} if differ else None,
    )
    return SelfReferralResult(Outcome.CREATED, referral, person_created)
