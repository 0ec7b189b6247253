"""What the service a connection was sent to may see of it: decided here, and nowhere else.

Seed 003 section 7: a link worker passes on only what the person agreed to share, on a need-to-know basis. A VCSE
partner reads a connection only through `ServiceCopy`: the partner portal's list and page, and every API answer
about a connection, whoever asks (the PCN's practitioners see their own episode's identifiers as well).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from linkwork.connections.models import Connection
from linkwork.connections.vocabularies import SHAREABLE_FIELDS
from linkwork.core.roles import Role
from linkwork.plans.presenters import plan_of

PLAN_FIELDS = ("what_matters", "how_to_support", "health_conditions")
NOT_WRITTEN = "Not written in their plan yet"


def sees_as_service(user) -> bool:
    """Whether `user` reads connections as the service they were sent to (a VCSE partner, ADR 0007's service side)."""
    return user.role == Role.VCSE_PARTNER


def age_on(birth_date: date, today: date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class ServiceCopy:
    """A connection as `viewer` may see it. For the service: no episode or person identifiers, and of the person
    only the fields they agreed to share. Reads the person and the episode's plan through the connection
    (select_related them to avoid queries)."""

    connection: Connection
    as_service: bool

    @classmethod
    def for_viewer(cls, connection: Connection, user) -> "ServiceCopy":
        return cls(connection, sees_as_service(user))

    def shares(self, key: str) -> bool:
        return not self.as_service or key in self.connection.shared_fields

    @property
    def referral_id(self):
        return None if self.as_service else self.connection.referral_id

    @property
    def person_id(self):
        return None if self.as_service else self.connection.person_id

    @property
    def name(self) -> str:
        """The person's name, or "" where the service may not see it."""
        return self.connection.person.full_name if self.shares("name") else ""

    @property
    def reason(self) -> str | None:
        return self.connection.reason if self.shares("reason") else None

    def person(self, today: date | None = None) -> list[dict[str, str]]:
        """The person as the service sees them: only the fields they agreed to share, each {key, label, value}, in
        the vocabulary's order (the same for every viewer: it is what was passed on)."""
        today = today or timezone.localdate()
        connection, person = self.connection, self.connection.person
        shared = connection.shared_fields
        plan = plan_of(connection.referral) if any(key in shared for key in PLAN_FIELDS) else None
        values = {
            "name": lambda: person.full_name,
            "contact_details": lambda: connection.contact_details or "Not given",
            "postcode": lambda: person.postcode,
            "age": lambda: str(age_on(person.birth_date, today)),
            "what_matters": lambda: (plan.what_matters if plan else "") or NOT_WRITTEN,
            "how_to_support": lambda: (plan.how_to_support if plan else "") or NOT_WRITTEN,
            "health_conditions": lambda: (plan.health_conditions if plan else "") or NOT_WRITTEN,
            "reason": lambda: connection.reason or "Not given",
        }
        return [
            {"key": key, "label": SHAREABLE_FIELDS.label(key), "value": values[key]()}
            for key in (term.key for term in SHAREABLE_FIELDS)
            if key in shared
        ]
