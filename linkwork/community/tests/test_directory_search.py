"""Searching the directory: words, category, place and status; capacity for a page in one query; the menu."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwork.community import directory
from linkwork.community.models import CapacityStatement, Service
from linkwork.community.tests.factories import ServiceFactory
from linkwork.core.errors import RuleViolation
from linkwork.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def names(queryset) -> list[str]:
    return sorted(s.name for s in queryset)


def find(**terms) -> list[str]:
    return names(directory.search(Service.objects.all(), directory.Search(**terms)))


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
    assert names(directory.public_services()) == ["Listed", "Listed but paused"]


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
        page = directory.with_capacity(services_page)
    assert len(queries) == 1
    for i, row in enumerate(sorted(page, key=lambda r: rows.index(r.service))):
        assert row.capacity.status == ["accepting", "waiting_list", "closed"][(i + 3) % 3]
        assert row.capacity.stated_on == date(2026, 11, 3)


def test_unknown_capacity():
    service = ServiceFactory()
    (row,) = directory.with_capacity([service])
    assert row.capacity == directory.UNKNOWN_CAPACITY and row.capacity.text == "Not known"


def test_the_menu_groups_running_services_by_category_in_the_agreed_order():
    ServiceFactory(name="Choir", category="arts")
    ServiceFactory(name="Debt advice", category="money_welfare")
    ServiceFactory(name="Allotment", category="nature", status="temporarily closed")
    ServiceFactory(name="Stopped", category="arts", status="inactive")
    found = directory.menu()
    assert [(g.key, [r.service.name for r in g.rows]) for g in found.groups] == [
        ("money_welfare", ["Debt advice"]),
        ("arts", ["Choir"]),
        ("nature", ["Allotment"]),
    ]
    assert found.count == 3 and not found.truncated
    only = directory.menu(["arts", "nature"], place="LS1")
    assert [g.key for g in only.groups] == ["arts", "nature"]
    with pytest.raises(RuleViolation):
        directory.menu(["knitting"])


def test_a_long_menu_is_cut_short_and_says_so(monkeypatch):
    monkeypatch.setattr(directory, "MENU_LIMIT", 2)
    for _ in range(3):
        ServiceFactory()
    found = directory.menu()
    assert found.count == 2 and found.truncated
