"""The community directory as the connect pages read it: services grouped by category, each with its organisation's
capacity and a label no other service on the page shares.

The only module in connections that imports the community directory's read side, so a move there changes one import
here.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When

from linkwork.community import presenters as community_directory
from linkwork.community import search as directory_search
from linkwork.community.models import Service
from linkwork.community.vocabularies import SERVICE_CATEGORIES
from linkwork.connections import policy as connection_policy

Capacity = community_directory.Capacity


def services_for(user) -> QuerySet[Service]:
    """The directory as `user` may read it (community's scoping)."""
    return community_directory.services_for(user)


def matching(services: QuerySet[Service], words: str) -> QuerySet[Service]:
    """The services that answer the words typed (the directory's full-text search with its synonyms), ranked."""
    return directory_search.matching(services, words)


def by_category(services: QuerySet[Service]) -> QuerySet[Service]:
    """Services in the categories' agreed order (data/service_categories.yaml); within a category the best match
    first when words were searched, then by name, organisation and place."""
    order = Case(
        *(When(category=term.key, then=Value(i)) for i, term in enumerate(SERVICE_CATEGORIES)),
        default=Value(len(SERVICE_CATEGORIES.keys())),
        output_field=IntegerField(),
    )
    best_first = directory_search.RANKED if "rank" in services.query.annotations else ()
    return services.order_by(order, *best_first, "name", "organisation__name", "location_name", "postcode", "id")


def in_category_order(services: Iterable[Service]) -> list[Service]:
    """The same order as by_category, for services already fetched (the ones a link worker ticked)."""
    position = {key: i for i, key in enumerate(SERVICE_CATEGORIES.keys())}
    return sorted(
        services,
        key=lambda s: (
            position.get(s.category, len(position)),
            s.name,
            s.organisation.name,
            s.location_name,
            s.postcode,
            str(s.pk),
        ),
    )


def place_of(service: Service) -> str:
    """Where the service runs, as briefly as the directory says it: the venue, else the postcode, else the address."""
    return service.location_name or service.postcode or service.address


def labels_for(services: Sequence[Service]) -> dict:
    """{service id: label}, every label different (issue 8: two "Walking group" entries read the same).

    A service is its name and organisation; where that repeats on the page, its place is added; where even that
    repeats, the entries are numbered in the order given.
    """
    basic = {s.pk: f"{s.name} ({s.organisation.name})" for s in services}
    repeats = Counter(basic.values())
    labels = {}
    for s in services:
        label = basic[s.pk]
        if repeats[label] > 1 and place_of(s):
            label = f"{s.name} ({s.organisation.name}, {place_of(s)})"
        labels[s.pk] = label
    still = Counter(labels.values())
    numbered: Counter = Counter()
    for s in services:
        label = labels[s.pk]
        if still[label] > 1:
            numbered[label] += 1
            labels[s.pk] = f"{label[:-1]}, entry {numbered[label]} of {still[label]})"
    return labels


@dataclass(frozen=True)
class ServiceChoice:
    """One service as the connect pages show it."""

    service: Service
    label: str
    capacity: Capacity
    may_connect: bool = True

    @property
    def category_label(self) -> str:
        return SERVICE_CATEGORIES.label(self.service.category)

    @property
    def closed(self) -> bool:
        return connection_policy.needs_closed_confirmation(self.capacity.status)

    @property
    def place(self) -> str:
        return place_of(self.service)


def choices_for(services: Iterable[Service], allowed=lambda service: True) -> list[ServiceChoice]:
    """The services given, in order, each with its label, its organisation's capacity (one query) and whether the
    PCN may connect to it (`allowed`)."""
    services = list(services)
    labels = labels_for(services)
    return [
        ServiceChoice(row.service, labels[row.service.pk], row.capacity, allowed(row.service))
        for row in community_directory.with_capacity(services)
    ]


@dataclass(frozen=True)
class CategoryGroup:
    key: str
    title: str
    choices: list[ServiceChoice]


def grouped(choices: Iterable[ServiceChoice]) -> list[CategoryGroup]:
    """The choices under their categories, in the categories' agreed order (the order within each is kept)."""
    by_key: dict[str, list[ServiceChoice]] = {}
    for choice in choices:
        by_key.setdefault(choice.service.category, []).append(choice)
    groups = [CategoryGroup(t.key, t.label, by_key.pop(t.key)) for t in SERVICE_CATEGORIES if t.key in by_key]
    groups += [CategoryGroup(key, key, rows) for key, rows in by_key.items()]
    return groups


def capacity_of(service: Service) -> Capacity:
    return community_directory.capacity_of(service.organisation_id)


def closed_among(services: Iterable[Service]) -> set:
    """The ids of the services whose organisation says it is not taking anyone now (one query)."""
    return {c.service.pk for c in choices_for(services) if c.closed}
