from datetime import date
from typing import Literal
from uuid import UUID

from ninja import Header, Router, Schema
from ninja.pagination import paginate

from linkwork.core.access import get_in_scope, require_perm
from linkwork.core.api_audit import AuditedPage
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.core.pagination import Paging
from linkwork.people.identifiers import normalise_nhs_number
from linkwork.people.models import Person
from linkwork.people.services import PersonDetails, practices_within_reach, register_person
from linkwork.people.vocabularies import SEX

router = Router(tags=["people"])

SexKey = Literal[tuple(SEX.keys())]  # type: ignore[valid-type]


class PersonIn(Schema):
    nhs_number: str
    given_name: str
    family_name: str
    birth_date: date
    sex: SexKey
    postcode: str
    gp_practice: str  # ODS code

    def details(self) -> PersonDetails:
        return PersonDetails(**self.model_dump())


class PersonOut(Schema):
    id: UUID
    nhs_number: str
    given_name: str
    family_name: str
    birth_date: date
    sex: str
    postcode: str
    gp_practice: str

    @staticmethod
    def resolve_gp_practice(obj: Person) -> str:
        return obj.gp_practice.code


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


@router.post("/people", response={200: PersonOut, 201: PersonOut})
def create_person(request, payload: PersonIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Register a person in your PCN's records (201), or find your PCN's record by NHS number and bring it up to date
    (200). Another PCN's record of the same person is never looked at, changed or revealed (ADR 0009)."""
    auditor = _auditor(request)
    require_perm(request.user, "people.register_person", auditor, "register people")

    def create():
        person, created = register_person(
            payload.details(), practices=practices_within_reach(request.user), auditor=auditor
        )
        return (201 if created else 200), PersonOut.from_orm(person)

    return idempotent(request, idempotency_key, payload.model_dump(), create)


@router.get("/people", response=list[PersonOut])
@paginate(Paging)
def list_people(request, nhs_number: str | None = None):
    """People the caller may see; filter by NHS number to find someone. Every person returned is audited."""
    people = (
        Person.objects.for_user(request.user).select_related("gp_practice").order_by("family_name", "given_name", "id")
    )
    if nhs_number:
        people = people.filter(nhs_number=normalise_nhs_number(nhs_number))
    return AuditedPage(people, _auditor(request), "person", person_of=lambda p: p.pk)


@router.get("/people/{person_id}", response=PersonOut)
def get_person(request, person_id: UUID):
    auditor = _auditor(request)
    person = get_in_scope(
        Person.objects.for_user(request.user).select_related("gp_practice"), person_id, auditor, "person"
    )
    auditor.viewed("person", person.pk, person_id=person.pk)
    return person
