from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.http import JsonResponse
from ninja import Header, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from linkwork.connections import policy as connection_policy
from linkwork.connections import services
from linkwork.connections.models import Connection
from linkwork.connections.sharing import ServiceCopy
from linkwork.connections.vocabularies import CONNECTION_KINDS, ENGAGEMENT, SHAREABLE_FIELDS, STATUSES
from linkwork.core.access import get_in_scope, require_perm
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.pagination import Paging
from linkwork.referrals.models import Referral

router = Router(tags=["connections"])

Kind = Literal[tuple(CONNECTION_KINDS.keys())]  # type: ignore[valid-type]
Shareable = Literal[tuple(SHAREABLE_FIELDS.keys())]  # type: ignore[valid-type]
Status = Literal[tuple(STATUSES.keys())]  # type: ignore[valid-type]
Engagement = Literal[tuple(ENGAGEMENT.keys())]  # type: ignore[valid-type]


class ConnectionItemIn(Schema):
    model_config = ConfigDict(extra="forbid")

    service: UUID = Field(description="A service in the community directory")
    kind: Kind
    reason: str = Field("", description="Why the person is being connected")
    shared_fields: list[Shareable] = Field(
        default_factory=list, description="What the person agreed to share with the service"
    )
    consent: bool = Field(
        False, description="The person agreed; needed to share anything, and for a referral or accompanied introduction"
    )
    contact_details: str = Field(
        "", description="The phone number or email the service should use; only with `contact_details` shared"
    )


class ConnectionsIn(Schema):
    """Always a list, even for one service: `{"connections": [{...}, {...}]}`. All are made, or none."""

    model_config = ConfigDict(extra="forbid")

    connections: list[ConnectionItemIn]


class StatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: Status
    reason: str = Field("", description="Why; needed to decline (rejected)")
    expected_start_on: date | None = Field(None, description="When accepting: when the person can expect to start")


class EngagementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    engagement: Engagement
    first_seen_on: date | None = Field(None, description="The person's first session; not before it was sent")
    outcome: str = Field("", description="The service's feedback on what came of it")


class SharedFieldOut(Schema):
    key: str
    label: str
    value: str


class ConnectionOut(Schema):
    id: UUID
    referral: UUID | None = Field(None, description="The episode; not shown to the service")
    person: UUID | None = Field(None, description="The person's id; not shown to the service")
    service: UUID
    service_name: str
    organisation: UUID
    kind: str
    reason: str | None = Field(None, description="For the service only when the person agreed to share it")
    shared_fields: list[str]
    consent: bool
    sent_on: date
    status: str
    status_changed_at: datetime
    expected_start_on: date | None
    engagement: str
    first_seen_on: date | None
    outcome: str
    days_waited: int | None
    needs_follow_up: bool
    shared_person: list[SharedFieldOut] | None = Field(
        None, description="Single reads only: the person as the service sees them, only the fields agreed"
    )


class FieldErrorOut(Schema):
    field: str
    rule: str
    message: str


class ErrorsOut(Schema):
    """403 and 422: every broken rule, naming the field and the rule."""

    detail: list[FieldErrorOut]


class ForbiddenOut(Schema):
    """403: the rule that refuses the caller's side (a list), or the permission the role lacks (text)."""

    detail: list[FieldErrorOut] | str


class NotFoundOut(Schema):
    detail: str


CHANGE_RESPONSES = {200: ConnectionOut, 403: ForbiddenOut, 404: NotFoundOut, 422: ErrorsOut}


class ConnectionsOut(Schema):
    connections: list[ConnectionOut]


def _auditor(request) -> Auditor:
    return Auditor.from_request(request, via="api")


def _out(connection: Connection, user, *, with_person: bool = False) -> dict[str, Any]:
    seen = ServiceCopy.for_viewer(connection, user)
    return {
        "id": connection.pk,
        "referral": seen.referral_id,
        "person": seen.person_id,
        "service": connection.service_id,
        "service_name": connection.service.name,
        "organisation": connection.organisation_id,
        "kind": connection.kind,
        "reason": seen.reason,
        "shared_fields": list(connection.shared_fields),
        "consent": connection.consent,
        "sent_on": connection.sent_on,
        "status": connection.status,
        "status_changed_at": connection.status_changed_at,
        "expected_start_on": connection.expected_start_on,
        "engagement": connection.engagement,
        "first_seen_on": connection.first_seen_on,
        "outcome": connection.outcome,
        "days_waited": connection.days_waited,
        "needs_follow_up": connection_policy.needs_follow_up(
            connection.status, connection.engagement, connection.first_seen_on
        ),
        "shared_person": seen.person() if with_person else None,
    }


def _scoped(request, connection_id: UUID, auditor: Auditor) -> Connection:
    return get_in_scope(
        Connection.objects.for_user(request.user).select_related(
            "person", "referral__care_plan", "service", "organisation"
        ),
        connection_id,
        auditor,
        "connection",
    )


def _forbidden(exc: RuleViolation) -> JsonResponse:
    return JsonResponse({"detail": [e.as_dict() for e in exc.errors]}, status=403)


@router.post("/referrals/{referral_id}/connections", response={201: ConnectionsOut})
def make_connections(
    request,
    referral_id: UUID,
    payload: ConnectionsIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    """Connect the person to one or more services from an active episode, in one go.

    The body is always `{"connections": [...]}`, one item per service, even for a single service. Every
    connection is made, or none: errors name the item, e.g. `connections[1].consent`. Each starts as
    `requested` (sent). Answers 201 with `{"connections": [...]}`: the connections made, in the order sent.
    """
    auditor = _auditor(request)
    require_perm(request.user, "connections.make_connection", auditor, "connect people to services")
    referral = get_in_scope(Referral.objects.for_user(request.user), referral_id, auditor, "referral")
    items = [services.ConnectionItem(**item.model_dump()) for item in payload.connections]

    def create():
        made = services.make_connections(referral, items, user=request.user, auditor=auditor)
        return 201, ConnectionsOut(connections=[ConnectionOut(**_out(c, request.user)) for c in made])

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)


class AuditedConnections:
    """The page of connections actually returned, each audited against its person."""

    def __init__(self, queryset, request, auditor: Auditor):
        self.queryset = queryset
        self.request = request
        self.auditor = auditor

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        page = list(self.queryset[item])
        self.auditor.viewed_many("connection", [(c.pk, c.person_id) for c in page], detail={"list": True})
        return [_out(c, self.request.user) for c in page]


@router.get("/connections", response=list[ConnectionOut])
@paginate(Paging)
def list_connections(request, service: UUID | None = None, status: str | None = None):
    """Connections the caller may see: their PCN's, or those sent to their organisation (VCSE partner)."""
    rows = Connection.objects.for_user(request.user).select_related("service").order_by("-sent_on", "id")
    if service:
        rows = rows.filter(service_id=service)
    if status:
        rows = rows.filter(status=status)
    return AuditedConnections(rows, request, _auditor(request))


@router.get("/connections/{connection_id}", response=ConnectionOut)
def get_connection(request, connection_id: UUID):
    """One connection, with `shared_person`: only the fields the person agreed to share. Audited."""
    auditor = _auditor(request)
    connection = _scoped(request, connection_id, auditor)
    auditor.viewed(
        "connection", connection.pk, person_id=connection.person_id, detail={"shared_fields": connection.shared_fields}
    )
    return _out(connection, request.user, with_person=True)


@router.post("/connections/{connection_id}/status", response=CHANGE_RESPONSES)
def change_status(request, connection_id: UUID, payload: StatusIn):
    """Move the connection on. The service sets accepted, rejected (with a reason), in-progress, on-hold,
    completed and failed; the referrer sets entered-in-error; either may cancel. 403 names the rule when the
    caller's side may not set the status; 422 when the connection cannot move there from where it is."""
    auditor = _auditor(request)
    require_perm(request.user, "connections.change_connection", auditor, "change connections")
    connection = _scoped(request, connection_id, auditor)
    try:
        changed = services.change_status(
            connection,
            payload.status,
            payload.reason,
            expected_start_on=payload.expected_start_on,
            user=request.user,
            auditor=auditor,
        )
    except services.ForbiddenChange as exc:
        return _forbidden(exc)
    return _out(_scoped(request, changed.pk, auditor), request.user)


@router.post("/connections/{connection_id}/engagement", response=CHANGE_RESPONSES)
def report_engagement(request, connection_id: UUID, payload: EngagementIn):
    """Whether the person engaged, their first session and what came of it (the service or the link worker)."""
    auditor = _auditor(request)
    require_perm(request.user, "connections.change_connection", auditor, "report engagement")
    connection = _scoped(request, connection_id, auditor)
    try:
        changed = services.record_engagement(
            connection,
            payload.engagement,
            payload.first_seen_on,
            payload.outcome,
            user=request.user,
            auditor=auditor,
        )
    except services.ForbiddenChange as exc:
        return _forbidden(exc)
    return _out(_scoped(request, changed.pk, auditor), request.user)
