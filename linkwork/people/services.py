"""Writes to people. One record per NHS number in each PCN: a second referral in the PCN finds its first record
(ADR 0009)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.core.auditor import Auditor
from linkwork.core.errors import ErrorCollector
from linkwork.core.roles import PCN_ROLES, Role
from linkwork.geography.policy.postcodes import normalise_postcode, postcode_problem
from linkwork.organisations.models import Organisation, OrganisationKind
from linkwork.organisations.services import normalise_code
from linkwork.people.identifiers import nhs_number_problem, normalise_nhs_number
from linkwork.people.models import Person
from linkwork.people.vocabularies import SEX

EARLIEST_BIRTH_DATE = date(1900, 1, 1)
DEMOGRAPHIC_FIELDS = ("given_name", "family_name", "birth_date", "sex", "postcode")


@dataclass(frozen=True)
class PersonDetails:
    nhs_number: str
    given_name: str
    family_name: str
    birth_date: date | None
    sex: str
    postcode: str
    gp_practice: str  # ODS code


def practices_within_reach(user) -> QuerySet[Organisation]:
    """GP practices whose patients `user` may register or refer."""
    practices = Organisation.objects.filter(kind=OrganisationKind.PRACTICE)
    if user.role in PCN_ROLES:
        return practices.filter(parent_id=user.organisation_id)
    if user.role == Role.PRACTICE_STAFF:
        return practices.filter(pk=user.organisation_id)
    return practices.none()


def validate_person_details(
    details: PersonDetails, practices: QuerySet[Organisation], errors: ErrorCollector, prefix: str = ""
) -> Organisation | None:
    """Check every rule on a person's details; return the GP practice if it is valid and one of `practices` (the
    caller's reach: practices_within_reach(user) for staff, every PCN practice for the public self-referral)."""
    if problem := nhs_number_problem(details.nhs_number, test_numbers_allowed=settings.LINKWORK_ALLOW_TEST_NHS_NUMBERS):
        errors.add(f"{prefix}nhs_number", *problem)
    for name in ("given_name", "family_name"):
        value = (getattr(details, name) or "").strip()
        if not value:
            errors.add(f"{prefix}{name}", "required", f"enter the person's {name.replace('_', ' ')}")
        elif len(value) > 100:
            errors.add(f"{prefix}{name}", "max_length", f"{name.replace('_', ' ')} must be 100 characters or fewer")
    today = timezone.localdate()
    if details.birth_date is None:
        errors.add(f"{prefix}birth_date", "required", "enter the person's date of birth")
    elif details.birth_date > today:
        errors.add(f"{prefix}birth_date", "not_in_future", "date of birth must be today or in the past")
    elif details.birth_date < EARLIEST_BIRTH_DATE:
        errors.add(f"{prefix}birth_date", "plausible", "date of birth must be after 1 January 1900")
    if not details.sex:
        errors.add(f"{prefix}sex", "required", "choose the person's sex")
    elif details.sex not in SEX:
        errors.add(f"{prefix}sex", "choice", f"sex must be one of {', '.join(SEX.keys())}")
    if problem := postcode_problem(details.postcode):
        errors.add(f"{prefix}postcode", *problem)
    code = normalise_code(details.gp_practice)
    practice = practices.filter(code=code).first() if code else None
    if not code:
        errors.add(f"{prefix}gp_practice", "required", "choose the person's GP practice")
    elif practice is None:
        errors.add(f"{prefix}gp_practice", "within_reach", f"{code} is not a GP practice in your organisation's area")
    return practice


@transaction.atomic
def register_person(
    details: PersonDetails, *, practices: QuerySet[Organisation], auditor: Auditor, prefix: str = ""
) -> tuple[Person, bool]:
    """Create the PCN's record of a person, or bring its existing record (found by NHS number within the PCN) up to
    date. Returns (person, created).

    The PCN is the chosen practice's. Only that PCN's records are looked at or changed: another PCN's record of the
    same person is never read, changed or revealed, so the answer is the same whether or not it exists (ADR 0009).
    The latest details given win: a referral or registration states where the person lives and which of the PCN's
    practices they are registered with now.
    """
    errors = ErrorCollector()
    practice = validate_person_details(details, practices, errors, prefix)
    errors.raise_if_any()
    assert practice is not None and practice.parent_id is not None  # checked above; a practice has its PCN
    values = {
        "given_name": details.given_name.strip(),
        "family_name": details.family_name.strip(),
        "birth_date": details.birth_date,
        "sex": details.sex,
        "postcode": normalise_postcode(details.postcode),
        "gp_practice": practice,
    }
    found = {"pcn_id": practice.parent_id, "nhs_number": normalise_nhs_number(details.nhs_number)}
    person = Person.objects.select_for_update().filter(**found).first()
    if person is None:
        try:
            with transaction.atomic():
                person = Person.objects.create(**found, created_by=auditor.actor, **values)
        except IntegrityError:
            # Someone else in the PCN registered the same number a moment ago: bring theirs up to date instead.
            person = Person.objects.select_for_update().get(**found)
        else:
            auditor.created("person", person.pk, person_id=person.pk)
            return person, True
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    if changed:
        for name in changed:
            setattr(person, name, values[name])
        person.save(update_fields=[*changed, "updated_at"])
        auditor.updated("person", person.pk, person_id=person.pk, detail={"changed": changed})
    return person, False
