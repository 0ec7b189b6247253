"""Searching the directory: words, category, place and status; capacity for a page in one query; the menu."""

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext

from linkwork.community import presenters, search
from linkwork.community import services as writes
from linkwork.community.models import CapacityStatement, Service
from linkwork.community.tests.factories import ServiceFactory
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def names(queryset) -> list[str]:
    return sorted(s.name for s in queryset)


def find(**terms) -> list[str]:
    return names(search.search(Service.objects.all(), search.Search(**terms)))


@pytest.fixture
def services():
    shed = OrganisationFactory(kind="community_group", name="Hunslet Men's Shed")
    return {
        "shed": ServiceFactory(
            name="Woodwork", organisation=shed, category="peer_support", postcode="LS10 1AB", description=""
        ),
        "walk": ServiceFactory(
            name="Health walks", category="physical_activity", postcode="LS1 4AP", description="Gentle walks"
        ),
        "choir": ServiceFactory(
            name="Community choir", category="arts", postcode="LS1 5AA", description="Sing together, walk home"
        ),
        "advice": ServiceFactory(name="Debt advice", category="money_welfare", postcode="L1 8JQ"),
        "closed": ServiceFactory(name="Old walking club", category="physical_activity", status="defunct"),
        "nowhere": ServiceFactory(name="Phone befriending", category="befriending", postcode=""),
    }


def test_words_match_name_description_or_organisation_and_all_must_match(services):
    assert find(words="walk") == ["Community choir", "Health walks"]
    assert find(words="SHED") == ["Woodwork"]
    assert find(words="walk gentle") == ["Health walks"]
    assert find(words="walk nothing") == []


def test_category(services):
    assert find(category="physical_activity") == ["Health walks"]


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("LS1", ["Community choir", "Health walks"]),
        ("ls1", ["Community choir", "Health walks"]),
        ("LS10", ["Woodwork"]),
        ("LS1 4", ["Health walks"]),
        ("LS1 4ZZ", ["Community choir", "Health walks"]),
        ("ls14ap", ["Community choir", "Health walks"]),
        ("LS", ["Community choir", "Health walks", "Woodwork"]),
        ("L", ["Debt advice"]),
    ],
)
def test_place_is_a_postcode_area_district_sector_or_postcode(services, place, expected):
    assert find(place=place) == expected


@pytest.mark.parametrize("place", ["Leeds", "1LS", "LS1 4AP extra"])
def test_a_place_that_is_not_a_postcode_is_a_rule_violation(services, place):
    with pytest.raises(RuleViolation) as exc:
        find(place=place)
    assert [(e.field, e.rule) for e in exc.value.errors] == [("place", "format")]


def test_unknown_category_and_status_are_refused_together(services):
    with pytest.raises(RuleViolation) as exc:
        find(category="knitting", status="open")
    assert {(e.field, e.rule) for e in exc.value.errors} == {("category", "choice"), ("status", "choice")}


def test_closed_for_good_only_when_asked(services):
    assert "Old walking club" not in find()
    assert find(status="defunct") == ["Old walking club"]


def test_combined_filters(services):
    assert find(words="walk", category="arts", place="LS1") == ["Community choir"]


def test_organisation_filter(services):
    assert find(organisation_id=services["shed"].organisation_id) == ["Woodwork"]


def test_public_directory_holds_only_services_that_chose_it():
    ServiceFactory(name="Listed", public=True)
    ServiceFactory(name="Listed but paused", public=True, status="temporarily closed")
    ServiceFactory(name="Not listed", public=False)
    ServiceFactory(name="Listed but stopped", public=True, status="inactive")
    assert names(presenters.public_services()) == ["Listed", "Listed but paused"]


def test_capacity_for_a_page_is_one_query_whatever_its_length():
    rows = [ServiceFactory() for _ in range(6)]
    for i, service in enumerate(rows):
        for day in (1, 2, 3):
            CapacityStatement.objects.create(
                organisation=service.organisation,
                status=["accepting", "waiting_list", "closed"][(i + day) % 3],
                typical_wait_days=7 * day,
                stated_on=date(2026, 11, day),
            )
    services_page = list(Service.objects.select_related("organisation"))
    with CaptureQueriesContext(connection) as queries:
        page = presenters.with_capacity(services_page)
    assert len(queries) == 1
    for i, row in enumerate(sorted(page, key=lambda r: rows.index(r.service))):
        assert row.capacity.status == ["accepting", "waiting_list", "closed"][(i + 3) % 3]
        assert row.capacity.stated_on == date(2026, 11, 3)


def test_unknown_capacity():
    service = ServiceFactory()
    (row,) = presenters.with_capacity([service])
    assert row.capacity == presenters.UNKNOWN_CAPACITY and row.capacity.text == "Not known"


def test_the_menu_groups_running_services_by_category_in_the_agreed_order():
    ServiceFactory(name="Choir", category="arts")
    ServiceFactory(name="Debt advice", category="money_welfare")
    ServiceFactory(name="Allotment", category="nature", status="temporarily closed")
    ServiceFactory(name="Stopped", category="arts", status="inactive")
    found = presenters.menu()
    assert [(g.key, [r.service.name for r in g.rows]) for g in found.groups] == [
        ("money_welfare", ["Debt advice"]),
        ("arts", ["Choir"]),
        ("nature", ["Allotment"]),
    ]
    assert found.count == 3 and not found.truncated
    only = presenters.menu(["arts", "nature"], place="LS1")
    assert [g.key for g in only.groups] == ["arts", "nature"]
    with pytest.raises(RuleViolation):
        presenters.menu(["knitting"])


def test_a_long_menu_is_cut_short_and_says_so(monkeypatch):
    monkeypatch.setattr(presenters, "MENU_LIMIT", 2)
    for _ in range(3):
        ServiceFactory()
    found = presenters.menu()
    assert found.count == 2 and found.truncated


# The place columns: a service's postcode area and district, kept in step with its postcode on every write.


def place_columns(service) -> tuple[str, str]:
    return tuple(Service.objects.filter(pk=service.pk).values_list("postcode_area", "postcode_district").get())


def test_the_place_columns_follow_the_postcode_on_every_write(world):
    user = world.user("link_worker")
    values = {"name": "Knit and natter", "category": "neighbourhood", "postcode": "ls10 1ab"}
    service = writes.add_service(world.vcse, values, user=user, auditor=Auditor(user))
    assert place_columns(service) == ("LS", "LS10")
    writes.change_service(service, {"postcode": "BD1 1AA"}, user=user, auditor=Auditor(user))
    assert place_columns(service) == ("BD", "BD1")
    writes.change_service(service, {"postcode": ""}, user=user, auditor=Auditor(user))
    assert place_columns(service) == ("", "")


def test_saving_only_the_postcode_saves_its_place_columns():
    service = ServiceFactory(postcode="LS1 4AP")
    service.postcode = "L1 8JQ"
    service.save(update_fields=["postcode"])
    assert place_columns(service) == ("L", "L1")


def test_bulk_writes_and_updates_keep_the_place_columns():
    organisation = OrganisationFactory(kind="vcse")
    made = Service.objects.bulk_create(
        [
            Service(organisation=organisation, name=n, category="arts", postcode=p)
            for n, p in [("A", "LS1 4AP"), ("B", "")]
        ]
    )
    assert [place_columns(s) for s in made] == [("LS", "LS1"), ("", "")]
    made[1].postcode = "LS10 1AB"
    Service.objects.bulk_update(made, ["postcode"])
    assert place_columns(made[1]) == ("LS", "LS10")
    Service.objects.filter(pk=made[0].pk).update(postcode="M1 1AE")
    assert place_columns(made[0]) == ("M", "M1")
    with pytest.raises(TypeError):
        Service.objects.update(postcode=Upper("postcode"))


def test_the_migration_fills_the_place_columns_of_services_already_stored(services):
    Service.objects.update(postcode_area="", postcode_district="")  # as stored before the columns existed
    migration = importlib.import_module("linkwork.community.migrations.0002_service_postcode_area_district")
    migration.fill(django_apps, None)
    assert place_columns(services["shed"]) == ("LS", "LS10")
    assert place_columns(services["advice"]) == ("L", "L1")
    assert place_columns(services["nowhere"]) == ("", "")
    assert find(place="LS1") == ["Community choir", "Health walks"]


@pytest.mark.parametrize(
    ("place", "sql"),
    [
        ("LS", '"postcode_area" = '),
        ("LS1", '"postcode_district" = '),
        ("LS1 4AP", '"postcode_district" = '),
        ("LS1 4", '"postcode_district" = '),
    ],
)
def test_places_are_found_by_equality_on_the_indexed_columns(place, sql):
    query = str(search.search(Service.objects.all(), search.Search(place=place)).query)
    assert sql in query
    assert ("LIKE" in query) == (place == "LS1 4")  # only a sector narrows its district by a prefix


def test_a_sector_stays_in_its_district(services):
    ServiceFactory(name="Seacroft garden", category="nature", postcode="LS14 6AB")
    assert find(place="LS1 4") == ["Health walks"]
    assert find(place="LS14") == ["Seacroft garden"]
