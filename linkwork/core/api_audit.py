"""Audited API lists: one audit row per person-level record on the page actually returned (ADR 0002), and the
audit log itself for administrators, whose reading of it is audited too."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from linkwork.core.access import require_perm
from linkwork.core.audit_log import AuditFilters, audit_rows
from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog
from linkwork.core.pagination import Paging


class AuditedPage:
    """Wraps a queryset for `@paginate`: the page that is returned is audited, one row per record, in one insert.

    `what` names the kind of record; `person_of` gives the person each record is about (default: the record's
    `person_id`); `present` turns a record into what the route returns (default: the record itself).
    """

    def __init__(
        self,
        queryset,
        auditor: Auditor,
        what: str,
        *,
        person_of: Callable[[Any], Any] = lambda record: record.person_id,
        present: Callable[[Any], Any] = lambda record: record,
    ):
        self.queryset = queryset
        self.auditor = auditor
        self.what = what
        self.person_of = person_of
        self.present = present

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        page = list(self.queryset[item])
        self.auditor.viewed_many(self.what, [(r.pk, self.person_of(r)) for r in page], detail={"list": True})
        return [self.present(r) for r in page]


router = Router(tags=["audit"])

Action = Literal[tuple(AuditLog.Action.values)]  # type: ignore[valid-type]


class AuditFilterQuery(Schema):
    person: UUID | None = Field(None, description="Rows about this person")
    actor: str = Field("", max_length=254, description="Part of the email of who did it (or system:<job>)")
    action: Action | None = Field(None, description="view, create, update, export or denied")  # type: ignore[valid-type]
    what: str = Field("", max_length=64, description="The kind of record or page, e.g. person, referral")
    from_: date | None = Field(None, alias="from", description="From this day (YYYY-MM-DD)")
    to: date | None = Field(None, description="Up to and including this day (YYYY-MM-DD)")

    def filters(self) -> AuditFilters:
        return AuditFilters(
            actor=self.actor,
            person=self.person,
            action=self.action or "",
            what=self.what,
            date_from=self.from_,
            date_to=self.to,
        )


class AuditRowOut(Schema):
    id: UUID
    at: datetime
    actor: str = Field(validation_alias="actor_label", description="The actor's email at the time, or system:<job>")
    actor_id: UUID | None = Field(description="The user's id (null for a system job)")
    action: str
    what: str
    object_id: str
    person: UUID | None = Field(validation_alias="person_id")
    detail: dict[str, Any]
    ip_address: str | None
    via: str


@router.get("/audit", response=list[AuditRowOut])
@paginate(Paging)
def list_audit_log(request, filters: Query[AuditFilterQuery]):
    """The audit log, newest first, for a Data Protection Officer's export (administrators). Reading it is audited,
    with the filters used. `to` includes the whole day."""
    auditor = Auditor.from_request(request, via="api")
    require_perm(request.user, "core.view_audit", auditor, "read the audit log")
    chosen = filters.filters()
    auditor.viewed("audit_log", detail={"filters": chosen.given()})
    return audit_rows(chosen)
