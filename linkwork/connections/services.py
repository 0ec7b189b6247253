"""Writes to onward connections: making them from an episode, moving their closed-loop status on, and
reporting whether the person went and what came of it.

Each function checks every rule before writing, writes inside one transaction and audits the change with the
person's id, so bad input stores nothing. The status rules themselves are pure (connection_policy).
"""

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.community.models import Service
from linkwork.community.quality import presenters as quality
from linkwork.connections import directory as connection_directory
from linkwork.connections import policy as connection_policy
from linkwork.connections.models import Connection, ConnectionEngagementReport, ConnectionStatusChange
from linkwork.connections.vocabularies import CONNECTION_KINDS, ENGAGEMENT, SHAREABLE_FIELDS, STATUSES
from linkwork.core.auditor import Auditor
from linkwork.core.dates import long_date
from linkwork.core.errors import ErrorCollector, FieldError, RuleViolation
from linkwork.core.roles import CASELOAD_ROLES, Role
from linkwork.core.text import words
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.models import Referral

REASON_MAX = 2000
OUTCOME_MAX = 4000
CONTACT_MAX = 200
# A service that has stopped cannot take anyone new; one paused for a while can be asked.
CONNECTABLE_SERVICE_STATUSES = ("active",)


class ForbiddenChange(RuleViolation):
    """The user's side may never make this change (the API answers 403 naming the rule, not 422)."""


@dataclass(frozen=True)
class ConnectionItem:
    """One service to connect the person to, as the link worker agreed it with them."""

    service: Any  # a Service's id (UUID or its text)
    kind: str
    reason: str = ""
    shared_fields: Sequence[str] = field(default_factory=tuple)
    consent: bool = False
    contact_details: str = ""


def directory(query: str = "", category: str = "") -> QuerySet[Service]:
    """Services people can be connected to now, matching the words typed (the community directory's full-text search,
    with its synonyms), by category in the agreed order and the best match first within each."""
    services = Service.objects.filter(status__in=CONNECTABLE_SERVICE_STATUSES).select_related("organisation")
    if category:
        services = services.filter(category=category)
    return connection_directory.by_category(connection_directory.matching(services, query))


def services_by_id(ids: Iterable[Any]) -> list[Service]:
    """The directory's services with these ids, in the order given; unknown or malformed ids are left out."""
    found = {str(s.pk): s for s in Service.objects.filter(pk__in=_uuids(ids)).select_related("organisation")}
    return [found[str(i)] for i in ids if str(i) in found]


def _uuids(ids: Iterable[Any]) -> list[str]:
    out = []
    for raw in ids:
        try:
            out.append(str(uuid.UUID(str(raw))))
        except ValueError:
            continue
    return out


def _check_item(
    i: int, item: ConnectionItem, service: Service | None, referral: Referral, today: date, errors: ErrorCollector
) -> None:
    prefix = f"connections[{i}]"
    if service is None:
        errors.add(f"{prefix}.service", "unknown", "choose a service from the directory")
    elif service.status not in CONNECTABLE_SERVICE_STATUSES:
        errors.add(
            f"{prefix}.service",
            "service_active",
            f"{service.name} is {service.get_status_display().lower()}, so nobody can be connected to it now",
        )
    else:
        permission = quality.may_connect(service.organisation_id, referral.pcn_id, today)
        if not permission.allowed:
            errors.add(
                f"{prefix}.service",
                "agreement",
                f"your PCN has no current agreement to connect with {service.organisation.name}; "
                "a PCN manager can record an exception",
            )
    if not item.kind:
        errors.add(f"{prefix}.kind", "required", "choose the kind of connection")
    elif item.kind not in CONNECTION_KINDS:
        errors.add(f"{prefix}.kind", "choice", f"kind must be one of {', '.join(CONNECTION_KINDS.keys())}")
    reason = words(item.reason)
    if len(reason) > REASON_MAX:
        errors.add(f"{prefix}.reason", "max_length", f"the reason must be {REASON_MAX:,} characters or fewer")
    shared = list(item.shared_fields)
    unknown = [key for key in shared if key not in SHAREABLE_FIELDS]
    if unknown:
        errors.add(
            f"{prefix}.shared_fields",
            "choice",
            f"{', '.join(unknown)} cannot be shared; choose from {', '.join(SHAREABLE_FIELDS.keys())}",
        )
    if len(set(shared)) != len(shared):
        errors.add(f"{prefix}.shared_fields", "duplicate", "name each shared field once")
    if shared and not item.consent:
        errors.add(f"{prefix}.consent", "consent", "the person must agree before anything about them is shared")
    elif not item.consent and item.kind in CONNECTION_KINDS and item.kind != "signposting":
        errors.add(
            f"{prefix}.consent",
            "consent",
            f"a {CONNECTION_KINDS.label(item.kind).lower()} needs the person's agreement; "
            "without it, signpost them instead",
        )
    contact = words(item.contact_details)
    if "contact_details" in shared and not contact:
        errors.add(
            f"{prefix}.contact_details",
            "required",
            "write the phone number or email the person wants the service to use",
        )
    elif contact and "contact_details" not in shared:
        errors.add(
            f"{prefix}.contact_details",
            "not_shared",
            "contact details can only be sent when the person agreed to share them",
        )
    elif len(contact) > CONTACT_MAX:
        errors.add(
            f"{prefix}.contact_details", "max_length", f"contact details must be {CONTACT_MAX} characters or fewer"
        )


def side_for(user: User, connection: Connection) -> str | None:
    """Which side of the closed loop `user` speaks for on this connection, if either."""
    if user.role == Role.VCSE_PARTNER and user.organisation_id == connection.organisation_id:
        return connection_policy.SERVICE
    if user.role in CASELOAD_ROLES and user.organisation_id == connection.pcn_id:
        return connection_policy.REFERRER
    return None


@transaction.atomic
def make_connections(
    referral: Referral,
    items: Sequence[ConnectionItem],
    *,
    user: User,
    auditor: Auditor,
    closed_confirmed: Collection[Any] | None = None,
) -> list[Connection]:
    """Connect the person to one or more services from an active episode, all or none.

    Errors name the item they belong to, e.g. `connections[1].consent`. Each connection starts as requested
    (sent), with its first status change recorded.

    `closed_confirmed`, from the connect page, is the ids of the services the link worker confirmed sending to
    although their organisation says it is taking no one: any other such service is refused with the rule
    `closed` (a warning confirmed, never a silent send). None (the API) asks for no confirmation.
    """
    if user.role not in CASELOAD_ROLES:
        raise RuleViolation.single(
            "practitioner", "role", "only link workers, coaches and care coordinators connect people to services"
        )
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    errors = ErrorCollector()
    today = timezone.localdate()
    if referral.status != episode_policy.ACTIVE:
        errors.add(
            "referral",
            "episode_active",
            "connections are made in an episode the person has accepted and that has not ended",
        )
    if not items:
        errors.add("connections", "required", "choose at least one service")
    found = {str(s.pk): s for s in services_by_id([item.service for item in items])}
    seen: set[str] = set()
    already = set(
        Connection.objects.filter(referral=referral)
        .exclude(status__in=connection_policy.CLOSED)
        .values_list("service_id", flat=True)
    )
    closed = connection_directory.closed_among(found.values()) if closed_confirmed is not None and found else set()
    confirmed = {str(pk) for pk in closed_confirmed or ()}
    for i, item in enumerate(items):
        service = found.get(str(item.service))
        _check_item(i, item, service, referral, today, errors)
        if service is not None and service.pk in closed and str(service.pk) not in confirmed:
            errors.add(
                f"connections[{i}].send_when_closed",
                "closed",
                f"confirm you still want to send this connection: {service.organisation.name} says it is not "
                "taking anyone at the moment (or choose another service)",
            )
        if service is not None:
            if str(service.pk) in seen:
                errors.add(f"connections[{i}].service", "duplicate", f"{service.name} is chosen more than once")
            elif service.pk in already:
                errors.add(
                    f"connections[{i}].service",
                    "already_connected",
                    f"the person already has an open connection to {service.name} from this episode",
                )
            seen.add(str(service.pk))
    errors.raise_if_any()

    now = timezone.now()
    made = []
    for item in items:
        service = found[str(item.service)]
        shared = [t.key for t in SHAREABLE_FIELDS if t.key in set(item.shared_fields)]
        connection = Connection.objects.create(
            referral=referral,
            person_id=referral.person_id,
            pcn_id=referral.pcn_id,
            service=service,
            organisation_id=service.organisation_id,
            kind=item.kind,
            reason=words(item.reason),
            shared_fields=shared,
            consent=bool(item.consent),
            contact_details=words(item.contact_details),
            sent_on=today,
            status=connection_policy.REQUESTED,
            status_changed_at=now,
            created_by=auditor.actor,
        )
        ConnectionStatusChange.objects.create(
            connection=connection,
            from_status="",
            to_status=connection_policy.REQUESTED,
            side=connection_policy.REFERRER,
            created_by=auditor.actor,
        )
        auditor.created(
            "connection",
            connection.pk,
            person_id=referral.person_id,
            detail={
                "referral": str(referral.pk),
                "service": str(service.pk),
                "kind": item.kind,
                "shared_fields": shared,
                "consent": bool(item.consent),
            },
        )
        made.append(connection)
    return made


def _lock(connection: Connection) -> Connection:
    return Connection.objects.select_for_update().select_related("service", "organisation").get(pk=connection.pk)


def _denied_on_forbidden(what: str, connection: Connection, auditor: Auditor, call, detail: dict[str, Any]):
    """Run `call`; a refusal for the user's side is audited once its transaction has rolled back, so it stays."""
    try:
        return call()
    except ForbiddenChange as exc:
        auditor.denied(what, connection.pk, detail={**detail, "rule": exc.errors[0].rule})
        raise


def change_status(
    connection: Connection,
    status: str,
    reason: str = "",
    *,
    expected_start_on: date | None = None,
    user: User,
    auditor: Auditor,
) -> Connection:
    """Move a connection on in the closed loop, as the side `user` speaks for.

    The service accepts (maybe with an expected start), declines (with a reason), and marks it in progress,
    on hold, completed or not happened; the referrer may cancel or mark it entered in error. Every change is a
    ConnectionStatusChange row (who, when, from, to, why, side). A status the user's side may never set raises
    ForbiddenChange (403 at the API); one the connection cannot reach from where it is, RuleViolation (422).
    """
    return _denied_on_forbidden(
        "connection_status",
        connection,
        auditor,
        lambda: _change_status(connection, status, reason, expected_start_on, user, auditor),
        {"status": status},
    )


@transaction.atomic
def _change_status(
    connection: Connection, status: str, reason: str, expected_start_on: date | None, user: User, auditor: Auditor
) -> Connection:
    connection = _lock(connection)
    side = side_for(user, connection)
    if side is None:
        raise ForbiddenChange(
            FieldError("status", "side", "only the service it was sent to or the PCN's practitioners change this")
        )
    refusal = connection_policy.check_change(connection.status, status, side)
    if refusal is not None:
        if refusal.forbidden:
            raise ForbiddenChange(FieldError("status", refusal.rule, refusal.message))
        raise RuleViolation.single("status", refusal.rule, refusal.message)
    errors = ErrorCollector()
    reason = words(reason)
    if status == connection_policy.REJECTED and not reason:
        errors.add("reason", "required", "say why the service cannot take the person on, so the link worker can act")
    if len(reason) > REASON_MAX:
        errors.add("reason", "max_length", f"the reason must be {REASON_MAX:,} characters or fewer")
    if expected_start_on is not None:
        if status != connection_policy.ACCEPTED:
            errors.add("expected_start_on", "only_on_accept", "an expected start date goes with accepting the person")
        elif expected_start_on < connection.sent_on:
            errors.add(
                "expected_start_on",
                "after_sent",
                f"the expected start cannot be before the connection was sent ({long_date(connection.sent_on)})",
            )
    errors.raise_if_any()

    previous = connection.status
    connection.status = status
    connection.status_changed_at = timezone.now()
    fields = ["status", "status_changed_at", "updated_at"]
    if expected_start_on is not None:
        connection.expected_start_on = expected_start_on
        fields.append("expected_start_on")
    connection.save(update_fields=fields)
    ConnectionStatusChange.objects.create(
        connection=connection,
        from_status=previous,
        to_status=status,
        side=side,
        reason=reason,
        created_by=auditor.actor,
    )
    detail: dict[str, Any] = {"from": previous, "to": status, "side": side}
    if expected_start_on is not None:
        detail["expected_start_on"] = expected_start_on.isoformat()
    auditor.updated("connection", connection.pk, person_id=connection.person_id, detail=detail)
    return connection


# Engagement means something only for a connection that was sent and not refused or withdrawn.
NO_ENGAGEMENT_STATUSES = frozenset(
    {
        connection_policy.DRAFT,
        connection_policy.REJECTED,
        connection_policy.CANCELLED,
        connection_policy.ENTERED_IN_ERROR,
    }
)


ENGAGED_MOVES_ON_REASON = "The service reported that the person engaged"


def record_engagement(
    connection: Connection,
    engagement: str,
    first_seen_on: date | None,
    outcome: str = "",
    *,
    user: User,
    auditor: Auditor,
) -> Connection:
    """The service (or the link worker) reports whether the person went, the day of their first session and
    what came of it. The first session cannot be before the connection was sent, nor in the future.

    Every report that changes anything is a ConnectionEngagementReport row. When the service reports that the person
    engaged while the connection is still sent, accepted or on hold, the connection moves to in progress as the
    service's own status change (connection_policy.status_after_engagement, ADR 0050); the link worker's report
    never moves the service's status (ADR 0007), yet either report ends "still waiting" (follow_up_reason)."""
    return _denied_on_forbidden(
        "connection_engagement",
        connection,
        auditor,
        lambda: _record_engagement(connection, engagement, first_seen_on, outcome, user, auditor),
        {"engagement": engagement},
    )


@transaction.atomic
def _record_engagement(
    connection: Connection,
    engagement: str,
    first_seen_on: date | None,
    outcome: str,
    user: User,
    auditor: Auditor,
) -> Connection:
    connection = _lock(connection)
    side = side_for(user, connection)
    if side is None:
        raise ForbiddenChange(
            FieldError("engagement", "side", "only the service it was sent to or the PCN's practitioners report this")
        )
    errors = ErrorCollector()
    if connection.status in NO_ENGAGEMENT_STATUSES:
        errors.add(
            "engagement",
            "status",
            f"the connection is {STATUSES.label(connection.status).lower()}, so there is no engagement to report",
        )
    if engagement not in ENGAGEMENT:
        errors.add("engagement", "choice", f"engagement must be one of {', '.join(ENGAGEMENT.keys())}")
    if first_seen_on is not None:
        if first_seen_on > timezone.localdate():
            errors.add("first_seen_on", "not_in_future", "the first session must be today or in the past")
        elif first_seen_on < connection.sent_on:
            errors.add(
                "first_seen_on",
                "after_sent",
                f"the first session cannot be before the connection was sent ({long_date(connection.sent_on)})",
            )
        if engagement == connection_policy.UNKNOWN:
            errors.add("engagement", "seen_means_known", "the person had a first session: say whether they engaged")
    outcome = words(outcome)
    if len(outcome) > OUTCOME_MAX:
        errors.add("outcome", "max_length", f"the outcome must be {OUTCOME_MAX:,} characters or fewer")
    errors.raise_if_any()

    before = {
        "engagement": connection.engagement,
        "first_seen_on": connection.first_seen_on.isoformat() if connection.first_seen_on else None,
    }
    changed = []
    if engagement != connection.engagement:
        changed.append("engagement")
    if first_seen_on != connection.first_seen_on:
        changed.append("first_seen_on")
    if outcome != connection.outcome:
        changed.append("outcome")
    if not changed:
        return connection
    connection.engagement = engagement
    connection.first_seen_on = first_seen_on
    connection.outcome = outcome
    fields = [*changed, "updated_at"]
    detail: dict[str, Any] = {
        "fields": changed,
        "engagement": engagement,
        "first_seen_on": first_seen_on.isoformat() if first_seen_on else None,
        "before": before,
        "side": side,
    }
    # The service saying the person engaged means it has started serving them (ADR 0050): its own status change.
    moved_to = connection_policy.status_after_engagement(connection.status, engagement, side)
    if moved_to:
        previous = connection.status
        connection.status = moved_to
        connection.status_changed_at = timezone.now()
        fields += ["status", "status_changed_at"]
        ConnectionStatusChange.objects.create(
            created_at=connection.status_changed_at,
            connection=connection,
            from_status=previous,
            to_status=moved_to,
            side=side,
            reason=ENGAGED_MOVES_ON_REASON,
            created_by=auditor.actor,
        )
        detail.update({"from": previous, "to": moved_to})
    connection.save(update_fields=fields)
    ConnectionEngagementReport.objects.create(
        connection=connection,
        side=side,
        engagement=engagement,
        first_seen_on=first_seen_on,
        outcome=outcome,
        created_by=auditor.actor,
    )
    auditor.updated("connection", connection.pk, person_id=connection.person_id, detail=detail)
    return connection


def follow_up(user: User) -> QuerySet[Connection]:
    """The user's PCN's connections still waiting on the service or whose engagement is not known, oldest first:
    exactly those connection_policy.needs_follow_up flags (nobody has said whether the person went, and the
    connection is open or taken on)."""
    return (
        Connection.objects.for_user(user)
        .filter(engagement=connection_policy.UNKNOWN, status__in=connection_policy.FOLLOWED)
        .select_related("person", "service", "organisation", "referral")
        .order_by("sent_on", "id")
    )


def not_yet_seen(referral: Referral, user: User) -> list[Connection]:
    """The episode's connections the service has not seen the person for yet: discharging now leaves them."""
    rows = (
        Connection.objects.for_user(user)
        .filter(referral=referral, status__in=connection_policy.WAITING)
        .select_related("service", "organisation")
    )
    return [c for c in rows if connection_policy.not_yet_seen(c.status, c.engagement, c.first_seen_on)]
