"""The community directory's read side, shaped for its pages and the API: who may read which services, each
organisation's current capacity (a page's worth in one query), rows of a result page with capacity and distance, and
the easy-read menu. The search itself is community.search; writes are community.services.

Built for a region's directory (tens of thousands of services): lists are paged, and the capacity of a page's
organisations comes in one query however long the page.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from linkwork.community.models import CapacityStatement, Service
from linkwork.community.search import RUNNING, Search, distance_miles, place_filter
from linkwork.community.vocabularies import CAPACITY_STATUSES, SERVICE_CATEGORIES, SERVICE_STATUSES
from linkwork.core.errors import RuleViolation
from linkwork.geography.policy.distance import miles_text
from linkwork.geography.policy.postcodes import normalise_postcode
from linkwork.organisations.models import PROVIDER_KINDS, Organisation

# The printed menu is for one person or one waiting room: past this many entries it needs a category or a place.
MENU_LIMIT = 400


def near_text(terms: Search) -> str:
    """What a search near a postcode looked for, for the results' heading ("within 5 miles of LS1 4AP")."""
    if not terms.near:
        return ""
    miles = "1 mile" if terms.within == 1 else f"{terms.within:g} miles"
    return f"within {miles} of {normalise_postcode(terms.near)}, nearest first"


def services_for(user) -> QuerySet[Service]:
    """The directory as `user` may read it: all of it for PCN roles, its own organisation's entries for a VCSE
    partner, nothing otherwise."""
    services = Service.objects.select_related("organisation").order_by("name", "id")
    if user.has_perm("community.view_whole_directory"):
        return services
    if user.has_perm("community.view_directory"):
        return services.filter(organisation_id=user.organisation_id)
    return services.none()


def public_services() -> QuerySet[Service]:
    """Only services whose organisation chose the public directory, and that are running or paused."""
    return Service.objects.public().select_related("organisation").order_by("name", "id")


def provider_organisations() -> QuerySet[Organisation]:
    """Organisations that offer services: VCSE organisations, community groups and statutory services."""
    return Organisation.objects.filter(kind__in=PROVIDER_KINDS).order_by("name", "code")


def provider_organisation(organisation_id) -> Organisation | None:
    try:
        return provider_organisations().filter(pk=organisation_id).first()
    except (ValueError, TypeError, ValidationError):
        return None


@dataclass(frozen=True)
class Capacity:
    """An organisation's current word on capacity, as the directory shows it."""

    status: str
    typical_wait_days: int | None
    stated_on: date | None

    @property
    def label(self) -> str:
        if not self.status:
            return "Not known"
        return CAPACITY_STATUSES.label(self.status)

    @property
    def text(self) -> str:
        if self.status == "waiting_list" and self.typical_wait_days is not None:
            days = "day" if self.typical_wait_days == 1 else "days"
            return f"Waiting list, typical wait {self.typical_wait_days} {days}"
        return {"accepting": "Accepting people", "waiting_list": "Waiting list", "closed": "Not taking anyone"}.get(
            self.status, "Not known"
        )

    @property
    def colour(self) -> str:
        return {"accepting": "green", "waiting_list": "yellow", "closed": "red"}.get(self.status, "grey")


UNKNOWN_CAPACITY = Capacity(status="", typical_wait_days=None, stated_on=None)


def _capacity(statement: CapacityStatement) -> Capacity:
    return Capacity(statement.status, statement.typical_wait_days, statement.stated_on)


def current_capacity(organisation_ids: Iterable) -> dict:
    """{organisation id: Capacity} from each organisation's newest statement, in one query; organisations that never
    said are left out (use UNKNOWN_CAPACITY)."""
    ids = set(organisation_ids)
    if not ids:
        return {}
    newest = (
        CapacityStatement.objects.filter(organisation_id__in=ids)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("organisation_id")],
                order_by=[F("stated_on").desc(), F("created_at").desc()],
            )
        )
        .filter(position=1)
    )
    return {s.organisation_id: _capacity(s) for s in newest}


def capacity_of(organisation_id) -> Capacity:
    return current_capacity([organisation_id]).get(organisation_id, UNKNOWN_CAPACITY)


def capacity_history(organisation_id) -> list[CapacityStatement]:
    """Every statement an organisation has made, newest first (who recorded each is kept)."""
    return list(
        CapacityStatement.objects.filter(organisation_id=organisation_id)
        .select_related("created_by")
        .order_by("-stated_on", "-created_at")
    )


@dataclass(frozen=True)
class Row:
    """One service in a list, with its organisation's capacity and, in a search near a postcode, how far it is."""

    service: Service
    capacity: Capacity
    distance: float | None = None  # miles

    @property
    def distance_text(self) -> str:
        return "" if self.distance is None else miles_text(self.distance)

    @property
    def category_label(self) -> str:
        return SERVICE_CATEGORIES.label(self.service.category)

    @property
    def status_label(self) -> str:
        return SERVICE_STATUSES.label(self.service.status)


def with_capacity(services: Iterable[Service]) -> list[Row]:
    """The services of one page, each with its organisation's capacity (one query for the whole page)."""
    services = list(services)
    capacity = current_capacity(s.organisation_id for s in services)
    return [Row(s, capacity.get(s.organisation_id, UNKNOWN_CAPACITY), distance_miles(s)) for s in services]


@dataclass(frozen=True)
class MenuGroup:
    key: str
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class Menu:
    groups: list[MenuGroup]
    count: int
    truncated: bool


def menu(categories: Iterable[str] = (), place: str = "") -> Menu:
    """The easy-read menu: running services grouped by category in the vocabulary's order (seed 003: an
    easy-to-read menu of local groups, VCSE organisations and statutory services)."""
    wanted = [c for c in categories if c]
    unknown = [c for c in wanted if c not in SERVICE_CATEGORIES]
    if unknown:
        raise RuleViolation.single("category", "choice", f"there is no category {unknown[0]}")
    services = Service.objects.filter(status__in=RUNNING).select_related("organisation")
    if wanted:
        services = services.filter(category__in=wanted)
    if place:
        services = services.filter(place_filter(place))
    found = list(services.order_by("category", "name", "id")[: MENU_LIMIT + 1])
    rows = with_capacity(found[:MENU_LIMIT])
    by_category: dict[str, list[Row]] = {}
    for row in rows:
        by_category.setdefault(row.service.category, []).append(row)
    groups = [MenuGroup(t.key, t.label, by_category[t.key]) for t in SERVICE_CATEGORIES if t.key in by_category]
    return Menu(groups=groups, count=len(rows), truncated=len(found) > MENU_LIMIT)
