"""Reading the community directory (the "menu"): search by words, category and place, current capacity, the
easy-read menu and the public directory. Writes live in community.services.

Built for a region's directory (tens of thousands of services): filters use the category index and the postcode
area and district indexes, lists are paged, and the capacity of a page's organisations comes in one query however
long the page.
"""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from linkwork.community.models import CapacityStatement, Service, postcode_parts
from linkwork.community.vocabularies import CAPACITY_STATUSES, SERVICE_CATEGORIES, SERVICE_STATUSES
from linkwork.core.errors import FieldError, RuleViolation
from linkwork.geography.policy.postcodes import postcode_problem
from linkwork.organisations.models import PROVIDER_KINDS, Organisation

# The printed menu is for one person or one waiting room: past this many entries it needs a category or a place.
MENU_LIMIT = 400
# Services a link worker can connect someone to today, or soon: the ones to show unless a status is asked for.
RUNNING = ("active", "temporarily closed")

_AREA = re.compile(r"^[A-Z]{1,2}$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_SECTOR = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?) ([0-9])$")
_WORDS_MAX = 10


def place_filter(place: str) -> Q:
    """Services near a place typed as a postcode area ("LS"), district ("LS1"), sector ("LS1 4") or a full
    postcode (which means its district).

    Areas and districts are equality on Service.postcode_area and postcode_district, which every database can index
    (a LIKE prefix on the postcode cannot use PostgreSQL's plain index). So "LS1" is not "LS10", and "L" (Liverpool)
    is not "LS" (Leeds). A sector narrows its district's services with a prefix of the postcode. Raises
    RuleViolation(place, format) for anything else.
    """
    typed = " ".join((place or "").upper().split())
    if _AREA.match(typed):
        return Q(postcode_area=typed)
    if _DISTRICT.match(typed):
        return Q(postcode_district=typed)
    sector = _SECTOR.match(typed)
    if sector:
        return Q(postcode_district=sector[1], postcode__startswith=typed)
    if postcode_problem(typed) is None:
        return Q(postcode_district=postcode_parts(typed)[1])
    raise RuleViolation.single(
        "place", "format", "enter a postcode area, district or full postcode, like LS, LS1 or LS1 4AP"
    )


def words_filter(words: str) -> Q:
    """Every word typed appears in the service's name, its description or its organisation's name."""
    query = Q()
    for word in (words or "").split()[:_WORDS_MAX]:
        query &= Q(name__icontains=word) | Q(description__icontains=word) | Q(organisation__name__icontains=word)
    return query


@dataclass(frozen=True)
class Search:
    words: str = ""
    category: str = ""
    place: str = ""
    status: str = ""
    organisation_id: uuid.UUID | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.category or self.place or self.status or self.organisation_id)


def search(services: QuerySet[Service], terms: Search) -> QuerySet[Service]:
    """Filter a directory queryset; an unknown category or status, or a place that is not a postcode, is a
    RuleViolation naming the field (so the API answers 422 and a page shows the error)."""
    problems = []
    if terms.category and terms.category not in SERVICE_CATEGORIES:
        problems.append(("category", "choice", f"category must be one of {', '.join(SERVICE_CATEGORIES.keys())}"))
    if terms.status and terms.status not in SERVICE_STATUSES:
        problems.append(("status", "choice", f"status must be one of {', '.join(SERVICE_STATUSES.keys())}"))
    place = None
    if terms.place:
        try:
            place = place_filter(terms.place)
        except RuleViolation as exc:
            problems.extend((e.field, e.rule, e.message) for e in exc.errors)
    if problems:
        raise RuleViolation([FieldError(*p) for p in problems])
    services = services.filter(status=terms.status) if terms.status else services.filter(status__in=RUNNING)
    if terms.category:
        services = services.filter(category=terms.category)
    if place is not None:
        services = services.filter(place)
    if terms.organisation_id:
        services = services.filter(organisation_id=terms.organisation_id)
    if terms.words:
        services = services.filter(words_filter(terms.words))
    return services


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
    """One service in a list, with its organisation's capacity."""

    service: Service
    capacity: Capacity

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
    return [Row(s, capacity.get(s.organisation_id, UNKNOWN_CAPACITY)) for s in services]


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
