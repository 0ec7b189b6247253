"""Searching the community directory: words (full text, ranked), category, place, distance from a postcode, status
and organisation. Used by the staff and public directories, the API and the connect-to-services search.

Words: community.search_words reads what was typed (phrases, synonyms, function words) and the database's full-text
index (community.search_index) finds and ranks the services that answer every concept, best first. Place: a postcode
area ("LS"), district ("LS1"), sector ("LS1 4") or full postcode (its district), by equality on the indexed area and
district columns. Distance: services within some miles of a postcode the postcode directory knows, nearest first, by
the flat distance of geography.policy.distance (arithmetic every database does alike) after an indexed bounding box.

Order: by distance when near a postcode (then by how well the words match); else by how well the words match, the
service's own text first and its organisation's name only after; then by name and id, so equal results always come
in the same order and pages never overlap.
"""

import re
import uuid
from dataclasses import dataclass

from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet, Value

from linkwork.community import search_index, search_words
from linkwork.community.models import Service
from linkwork.community.vocabularies import SERVICE_CATEGORIES, SERVICE_STATUSES
from linkwork.core.errors import FieldError, RuleViolation
from linkwork.geography import places
from linkwork.geography.policy.distance import MILES_PER_DEGREE, Origin
from linkwork.geography.policy.postcodes import normalise_postcode, postcode_parts, postcode_problem

# Services a link worker can connect someone to today, or soon: the ones to show unless a status is asked for.
RUNNING = ("active", "temporarily closed")
# How far a search near a postcode looks unless told: a bus ride in a town, a short drive in the country.
DEFAULT_WITHIN_MILES = 5.0
WITHIN_CHOICES_MILES = (1.0, 2.0, 5.0, 10.0, 25.0)
WITHIN_MAX_MILES = 25.0  # the flat distance is within half a percent of the true one up to here (property-tested)
PLACE_MAX_LENGTH = 16

_AREA = re.compile(r"^[A-Z]{1,2}$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_SECTOR = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?) ([0-9])$")


@dataclass(frozen=True)
class Search:
    words: str = ""
    category: str = ""
    place: str = ""
    near: str = ""  # a full postcode: services within `within` miles of it, nearest first
    within: float = DEFAULT_WITHIN_MILES
    status: str = ""
    organisation_id: uuid.UUID | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.category or self.place or self.near or self.status or self.organisation_id)


def place_filter(place: str) -> Q:
    """Services in a place typed as a postcode area ("LS"), district ("LS1"), sector ("LS1 4") or a full postcode
    (which means its district).

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


def origin_of(postcode: str) -> Origin:
    """Where a postcode is, from the postcode directory; RuleViolation(near, ...) when it cannot be placed."""
    if postcode_problem(postcode) is not None:
        raise RuleViolation.single("near", "format", "enter a full postcode, like LS1 4AP")
    found = places.find(postcode)
    if found is None or found.latitude is None or found.longitude is None:
        raise RuleViolation.single(
            "near",
            "unknown",
            f"we cannot find where {normalise_postcode(postcode)} is: check it, or search its district instead "
            f"(like {postcode_parts(postcode)[1]})",
        )
    return Origin(found.latitude, found.longitude)


def _problems(terms: Search) -> list[FieldError]:
    problems = []
    if terms.category and terms.category not in SERVICE_CATEGORIES:
        problems.append(
            FieldError("category", "choice", f"category must be one of {', '.join(SERVICE_CATEGORIES.keys())}")
        )
    if terms.status and terms.status not in SERVICE_STATUSES:
        problems.append(FieldError("status", "choice", f"status must be one of {', '.join(SERVICE_STATUSES.keys())}"))
    if len(terms.words or "") > search_words.WORDS_MAX_LENGTH:
        problems.append(
            FieldError("q", "max_length", f"search words must be {search_words.WORDS_MAX_LENGTH} characters or fewer")
        )
    if not 0 < terms.within <= WITHIN_MAX_MILES:
        problems.append(FieldError("within", "range", f"within must be more than 0 and at most {WITHIN_MAX_MILES:g}"))
    return problems


def near(services: QuerySet[Service], origin: Origin, miles: float) -> QuerySet[Service]:
    """Services within `miles` of the origin, with `distance_sq` (the flat distance squared, in degrees): an indexed
    box on latitude and longitude first, then the distance itself."""
    south, north, west, east = origin.box(miles)
    scale = Value(origin.east_west_scale)
    north_south = F("latitude") - Value(origin.latitude)
    east_west = (F("longitude") - Value(origin.longitude)) * scale
    return (
        services.filter(latitude__range=(south, north), longitude__range=(west, east))
        .annotate(distance_sq=ExpressionWrapper(north_south * north_south + east_west * east_west, FloatField()))
        .filter(distance_sq__lte=Origin.degrees_squared(miles))
    )


def matching(services: QuerySet[Service], words: str) -> QuerySet[Service]:
    """Services that answer every concept of the words, with `rank` (how well their own text answers, higher is
    better; 0 when only their organisation's name does) and `organisation_rank`. Words with nothing to search for
    (only function words) leave the services as they are, unranked."""
    found = search_words.concepts(words)
    if not found:
        return services
    fts5, tsquery = search_words.fts5_query(found), search_words.tsquery(found)
    return (
        services.filter(search_entry__isnull=False)
        .filter(search_index.TextMatch(fts5, tsquery))
        .annotate(
            rank=search_index.TextRank(fts5, tsquery),
            organisation_rank=search_index.TextRank(fts5, tsquery, of="organisation"),
        )
    )


RANKED = (F("rank").desc(), F("organisation_rank").desc())


def ranked(services: QuerySet[Service], words: str) -> QuerySet[Service]:
    """Services that answer the words, best first (then by name and id); all of them by name if no words."""
    found = matching(services, words)
    if "rank" in found.query.annotations:
        return found.order_by(*RANKED, "name", "id")
    return found.order_by("name", "id")


def search(services: QuerySet[Service], terms: Search) -> QuerySet[Service]:
    """Filter and order a directory queryset. An unknown category or status, a place that is not a postcode, a
    postcode the directory cannot place, words too long or a distance out of range is a RuleViolation naming every
    such field (so the API answers 422 and a page shows the errors)."""
    problems = _problems(terms)
    place = origin = None
    try:
        place = place_filter(terms.place) if terms.place else None
    except RuleViolation as exc:
        problems.extend(exc.errors)
    try:
        origin = origin_of(terms.near) if terms.near else None
    except RuleViolation as exc:
        problems.extend(exc.errors)
    if problems:
        raise RuleViolation(problems)
    services = services.filter(status=terms.status) if terms.status else services.filter(status__in=RUNNING)
    if terms.category:
        services = services.filter(category=terms.category)
    if place is not None:
        services = services.filter(place)
    if terms.organisation_id:
        services = services.filter(organisation_id=terms.organisation_id)
    order: list = ["name", "id"]
    if terms.words:
        services = matching(services, terms.words)
        if "rank" in services.query.annotations:
            order[:0] = RANKED
    if origin is not None:
        services = near(services, origin, terms.within)
        order.insert(0, "distance_sq")
    return services.order_by(*order)


def distance_miles(service: Service) -> float | None:
    """The distance a search near a postcode found the service at, or None (not searched by distance)."""
    found = getattr(service, "distance_sq", None)
    return None if found is None else (max(found, 0.0) ** 0.5) * MILES_PER_DEGREE
