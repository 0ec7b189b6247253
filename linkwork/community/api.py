"""The community directory over the API: search services, read one, add one, record capacity.

Quality assurance routes live in community.quality_api with their own router.
"""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Header, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from linkwork.community import presenters, search, services
from linkwork.community.models import Service
from linkwork.community.search_words import WORDS_MAX_LENGTH
from linkwork.community.vocabularies import CAPACITY_STATUSES, SERVICE_CATEGORIES, SERVICE_STATUSES
from linkwork.core.access import get_in_scope, require_perm
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.pagination import Paging

router = Router(tags=["community"])
_DETAIL = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "rule": {"type": "string"}, "message": {"type": "string"}},
            },
        }
    },
}
SEARCH_ERRORS = {
    "responses": {
        "403": {"description": "The role may not read the directory (the permission is named)"},
        "422": {
            "description": "Every broken rule, naming the field and the rule: category or status not in the list "
            "(choice), place not a postcode area, district or postcode (format), near not a postcode (format) or one "
            "the postcode directory cannot place (unknown), q too long (max_length), within out of range",
            "content": {"application/json": {"schema": _DETAIL}},
        },
    }
}

Category = Literal[tuple(SERVICE_CATEGORIES.keys())]  # type: ignore[valid-type]
Status = Literal[tuple(SERVICE_STATUSES.keys())]  # type: ignore[valid-type]
CapacityStatus = Literal[tuple(CAPACITY_STATUSES.keys())]  # type: ignore[valid-type]


class CapacityOut(Schema):
    status: str | None = Field(description="accepting, waiting_list or closed; null if never stated")
    typical_wait_days: int | None
    stated_on: date | None


class ServiceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    organisation: UUID = Field(description="The id of the VCSE organisation, community group or statutory service")
    name: str
    category: Category
    status: Status = "active"
    description: str = ""
    eligibility: str = ""
    cost: str = ""
    schedule: str = ""
    location_name: str = ""
    address: str = ""
    postcode: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    website: str = ""
    how_to_refer: str = ""
    public: bool = False


class ServiceChange(Schema):
    """The fields to change; fields left out keep their values. The organisation never changes."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    category: Category | None = None
    status: Status | None = None
    description: str | None = None
    eligibility: str | None = None
    cost: str | None = None
    schedule: str | None = None
    location_name: str | None = None
    address: str | None = None
    postcode: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    website: str | None = None
    how_to_refer: str | None = None
    public: bool | None = None


class ServiceOut(Schema):
    id: UUID
    organisation: UUID = Field(validation_alias="organisation_id")
    organisation_name: str
    name: str
    category: str
    status: str
    description: str
    eligibility: str
    cost: str
    schedule: str
    location_name: str
    address: str
    postcode: str
    contact_name: str
    contact_phone: str
    contact_email: str
    website: str
    how_to_refer: str
    public: bool
    public_views: int
    capacity: CapacityOut
    distance_miles: float | None = Field(
        None, description="How far from the `near` postcode, as the crow flies (searches near a postcode only)"
    )
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_distance_miles(obj) -> float | None:
        miles = search.distance_miles(obj)
        return None if miles is None else round(miles, 2)

    @staticmethod
    def resolve_capacity(obj) -> CapacityOut:
        # Set on each service by `CapacityPage` (lists) or the route (one service); one query per page.
        found = getattr(obj, "capacity", presenters.UNKNOWN_CAPACITY)
        return CapacityOut(
            status=found.status or None, typical_wait_days=found.typical_wait_days, stated_on=found.stated_on
        )


class CapacityIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: CapacityStatus
    typical_wait_days: int | None = Field(None, description="Required for waiting_list")
    stated_on: date | None = Field(None, description="The day the organisation said so; today if left out")


class CapacityStatementOut(Schema):
    id: UUID
    organisation: UUID = Field(validation_alias="organisation_id")
    status: str
    typical_wait_days: int | None
    stated_on: date
    created_at: datetime


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


def _with_capacity(service: Service) -> Service:
    service.capacity = presenters.capacity_of(service.organisation_id)  # type: ignore[attr-defined]
    return service


def require_perm_for(user, perm: str, organisation, auditor: Auditor, action: str) -> None:
    """403 unless `user` may do `action` for this organisation (a VCSE partner: only its own)."""
    if not user.has_perm(perm, organisation):
        auditor.denied(perm, object_id=organisation.pk)
        raise PermissionDenied(f"{user.role_label} may {action} only for their own organisation (permission {perm})")


class CapacityPage:
    """A queryset wrapper that adds each organisation's capacity to the page actually returned, in one query."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        rows = presenters.with_capacity(self.queryset[item])
        for row in rows:
            row.service.capacity = row.capacity
        return [row.service for row in rows]


@router.get("/services", response=list[ServiceOut], openapi_extra=SEARCH_ERRORS)
@paginate(Paging)
def list_services(
    request,
    q: str = Query(
        "",
        max_length=WORDS_MAX_LENGTH,
        description="Words: every one (or a word of the same meaning, e.g. debt for money) in the service's name, "
        "category, description, who it is for or its organisation's name; best matches first",
    ),
    category: str = "",
    place: str = Query(
        "",
        max_length=search.PLACE_MAX_LENGTH,
        description="A postcode area, district, sector or full postcode (meaning its district), e.g. LS, LS1, LS1 4AP",
    ),
    near: str = Query(
        "",
        max_length=search.PLACE_MAX_LENGTH,
        description="A full postcode: only services within `within` miles of it, nearest first (422 if the postcode "
        "directory cannot place it)",
    ),
    within: float = Query(
        search.DEFAULT_WITHIN_MILES, gt=0, le=search.WITHIN_MAX_MILES, description="Miles from `near`"
    ),
    status: str = Query("", description="One status; running and temporarily closed services if left out"),
    organisation: UUID | None = None,
):
    """Search the directory: words (ranked), a category, a place, a distance from a postcode."""
    auditor = _auditor(request)
    require_perm(request.user, "community.view_directory", auditor, "search the community directory")
    terms = search.Search(
        words=q, category=category, place=place, near=near, within=within, status=status, organisation_id=organisation
    )
    return CapacityPage(search.search(presenters.services_for(request.user), terms))


@router.get("/services/{service_id}", response=ServiceOut)
def get_service(request, service_id: UUID):
    auditor = _auditor(request)
    require_perm(request.user, "community.view_directory", auditor, "read the community directory")
    return _with_capacity(get_in_scope(presenters.services_for(request.user), service_id, auditor, "service"))


@router.post("/services", response={201: ServiceOut})
def add_service(request, payload: ServiceIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Add a service. PCN managers and link workers for any provider organisation; a VCSE partner for its own."""
    auditor = _auditor(request)
    require_perm(request.user, "community.change_service", auditor, "add services")
    organisation = presenters.provider_organisation(payload.organisation)
    if organisation is None:
        raise RuleViolation.single(
            "organisation", "exists", "no VCSE organisation, community group or statutory service has that id"
        )
    require_perm_for(request.user, "community.change_service", organisation, auditor, "add services")
    values = payload.model_dump(exclude={"organisation"})

    def create():
        service = services.add_service(organisation, values, user=request.user, auditor=auditor)
        return 201, ServiceOut.from_orm(_with_capacity(service))

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)


@router.patch("/services/{service_id}", response=ServiceOut)
def change_service(request, service_id: UUID, payload: ServiceChange):
    """Change a service. PCN managers and link workers for any provider organisation; a VCSE partner for its own.
    Sending the values it already has changes nothing and writes nothing."""
    auditor = _auditor(request)
    require_perm(request.user, "community.change_service", auditor, "change services")
    service = get_in_scope(presenters.services_for(request.user), service_id, auditor, "service")
    require_perm_for(request.user, "community.change_service", service.organisation, auditor, "change services")
    services.change_service(service, payload.model_dump(exclude_unset=True), user=request.user, auditor=auditor)
    return _with_capacity(get_in_scope(presenters.services_for(request.user), service_id, auditor, "service"))


@router.post("/organisations/{organisation_id}/capacity", response={201: CapacityStatementOut})
def state_capacity(
    request,
    organisation_id: UUID,
    payload: CapacityIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Record an organisation's capacity now (a new statement; earlier ones are kept as history)."""
    auditor = _auditor(request)
    require_perm(request.user, "community.state_capacity", auditor, "state capacity")
    organisation = presenters.provider_organisation(organisation_id)
    if organisation is None:
        auditor.denied("organisation", object_id=organisation_id)
        raise Http404("no VCSE organisation, community group or statutory service with that id")
    require_perm_for(request.user, "community.state_capacity", organisation, auditor, "state capacity")

    def create():
        statement = services.state_capacity(organisation, **payload.model_dump(), user=request.user, auditor=auditor)
        return 201, CapacityStatementOut.from_orm(statement)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)
