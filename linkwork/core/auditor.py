"""The one way audit rows are written (DESIGN: every read of a person's record, every change, every export).

Explicit calls from services and views rather than model signals: signals miss bulk writes and cannot
see reads.
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from linkwork.core.models import AuditLog


class Auditor:
    def __init__(self, actor: Any = None, *, ip_address: str | None = None, via: str = "web", system: str = ""):
        if actor is not None and not getattr(actor, "is_authenticated", False):
            actor = None
        if actor is None and not system:
            raise ValueError("an audited action needs a signed-in actor or a named system job")
        self.actor = actor
        self.ip_address = ip_address
        self.via = via
        self.label = actor.email if actor is not None else f"system:{system}"

    @classmethod
    def from_request(cls, request: HttpRequest, via: str = "web") -> "Auditor":
        return cls(request.user, ip_address=request.META.get("REMOTE_ADDR"), via=via)

    def _row(self, action: str, what: str, object_id: Any = "", person_id: Any = None, detail: dict | None = None):
        return AuditLog(
            actor=self.actor,
            actor_label=self.label,
            action=action,
            what=what,
            object_id=str(object_id or ""),
            person_id=person_id,
            detail=detail or {},
            ip_address=self.ip_address,
            via=self.via,
        )

    def record(self, action: str, what: str, object_id: Any = "", person_id: Any = None, detail: dict | None = None):
        return self._row(action, what, object_id, person_id, detail).save() or None

    def viewed(self, what: str, object_id: Any = "", person_id: Any = None, detail: dict | None = None) -> None:
        self.record(AuditLog.Action.VIEW, what, object_id, person_id, detail)

    def viewed_many(self, what: str, people: Iterable[tuple[Any, Any]], detail: dict | None = None) -> None:
        """One row per person shown, e.g. an API list: [(object_id, person_id), ...]."""
        rows = [self._row(AuditLog.Action.VIEW, what, oid, pid, detail) for oid, pid in people]
        AuditLog.objects.bulk_create(rows)

    def created(self, what: str, object_id: Any, person_id: Any = None, detail: dict | None = None) -> None:
        self.record(AuditLog.Action.CREATE, what, object_id, person_id, detail)

    def updated(self, what: str, object_id: Any, person_id: Any = None, detail: dict | None = None) -> None:
        self.record(AuditLog.Action.UPDATE, what, object_id, person_id, detail)

    def exported(self, what: str, object_id: Any = "", person_id: Any = None, detail: dict | None = None) -> None:
        self.record(AuditLog.Action.EXPORT, what, object_id, person_id, detail)

    def denied(self, what: str, object_id: Any = "", detail: dict | None = None) -> None:
        self.record(AuditLog.Action.DENIED, what, object_id, None, detail)
