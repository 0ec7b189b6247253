"""Searching near a postcode: services within a radius, nearest first, placed by their postcodes (geography)."""

import pytest

from linkwork.community import locations, presenters, search
from linkwork.community import services as writes
from linkwork.community.models import Service
from linkwork.community.tests.factories import ServiceFactory
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.geography.models import Postcode
from linkwork.geography.policy.distance import haversine_miles

pytestmark = pytest.mark.django_db

PLACES = {  # plausible centroids around Leeds and Bradford
    "LS1 4AP": (53.7968, -1.5437),
    "LS2 7EW": (53.8045, -1.5490),
    "LS6 2AB": (53.8200, -1.5700),
    "LS10 1AB": (53.7800, -1.5350),
    "BD1 1AA": (53.7950, -1.7520),
}


@pytest.fixture
def postcodes():
    Postcode.objects.bulk_create(
        [Postcode(postcode=p, latitude=lat, longitude=lon) for p, (lat, lon) in PLACES.items()]
    )


@pytest.fixture
def services(postcodes):
    return {
        postcode: ServiceFactory(name=f"Near {postcode}", postcode=postcode, description="A weekly walk.")
        for postcode in PLACES
    }


def found(**terms) -> list[Service]:
    return list(search.search(Service.objects.all(), search.Search(**terms)))


def test_services_within_the_radius_come_nearest_first(services):
    assert [s.postcode for s in found(near="LS1 4AP", within=5)] == ["LS1 4AP", "LS2 7EW", "LS10 1AB", "LS6 2AB"]
    assert [s.postcode for s in found(near="ls14ap", within=10)][-1] == "BD1 1AA"  # 8.5 miles west
    assert [s.postcode for s in found(near="BD1 1AA", within=1)] == ["BD1 1AA"]


def test_the_distance_shown_is_the_true_distance_to_within_half_a_percent(services):
    rows = presenters.with_capacity(found(near="LS1 4AP", within=10))
    origin = PLACES["LS1 4AP"]
    for row in rows:
        exact = haversine_miles(*origin, *PLACES[row.service.postcode])
        assert row.distance == pytest.approx(exact, rel=0.005, abs=0.001)
    assert rows[0].distance_text == "less than 0.1 miles"
    assert [r.distance_text for r in rows][-1] == "8.5 miles"


def test_services_the_postcode_directory_cannot_place_are_left_out_of_a_distance_search(services):
    ServiceFactory(name="Unknown postcode", postcode="LS1 5ZZ")
    ServiceFactory(name="No postcode", postcode="")
    assert {"Unknown postcode", "No postcode"} <= {s.name for s in found()}
    assert not {"Unknown postcode", "No postcode"} & {s.name for s in found(near="LS1 4AP", within=25)}


@pytest.mark.parametrize(
    ("terms", "errors"),
    [
        ({"near": "LS1 5ZZ"}, [("near", "unknown")]),
        ({"near": "LS1"}, [("near", "format")]),
        ({"near": "LS1 4AP", "within": 0}, [("within", "range")]),
        ({"near": "LS1 4AP", "within": 26}, [("within", "range")]),
        (
            {"near": "nowhere", "place": "Leeds", "words": "x" * 201},
            [("q", "max_length"), ("place", "format"), ("near", "format")],
        ),
    ],
)
def test_a_search_that_cannot_be_done_names_every_problem(services, terms, errors):
    with pytest.raises(RuleViolation) as exc:
        found(**terms)
    assert [(e.field, e.rule) for e in exc.value.errors] == errors


def test_the_unknown_postcode_message_suggests_its_district(postcodes):
    with pytest.raises(RuleViolation) as exc:
        found(near="ls1 5zz")
    assert "LS1 5ZZ" in exc.value.errors[0].message and "LS1" in exc.value.errors[0].message


def test_near_a_postcode_with_words_orders_by_distance(services):
    ServiceFactory(name="Money help far", postcode="BD1 1AA", category="money_welfare", description="Debt advice.")
    ServiceFactory(name="Money help near", postcode="LS2 7EW", category="money_welfare", description="Benefits.")
    assert [s.name for s in found(words="debt", near="LS1 4AP", within=10)] == ["Money help near", "Money help far"]


def test_the_distance_search_uses_the_indexed_box_first(services):
    sql = str(search.search(Service.objects.all(), search.Search(near="LS1 4AP")).query)
    assert "BETWEEN" in sql and '"latitude"' in sql


def test_a_service_is_placed_by_its_postcode_on_every_write(postcodes, world):
    user = world.user("link_worker")
    values = {"name": "Knit and natter", "category": "arts", "postcode": "ls2 7ew"}
    service = writes.add_service(world.vcse, values, user=user, auditor=Auditor(user))
    assert _where(service) == PLACES["LS2 7EW"]
    writes.change_service(service, {"postcode": "LS6 2AB"}, user=user, auditor=Auditor(user))
    assert _where(service) == PLACES["LS6 2AB"]
    writes.change_service(service, {"postcode": "LS1 5ZZ"}, user=user, auditor=Auditor(user))
    assert _where(service) == (None, None)
    Service.objects.filter(pk=service.pk).update(postcode="BD1 1AA")
    assert _where(service) == PLACES["BD1 1AA"]
    made = Service.objects.bulk_create(
        [Service(organisation=world.vcse, name="B", category="arts", postcode="LS1 4AP")]
    )
    assert _where(made[0]) == PLACES["LS1 4AP"]
    made[0].postcode = "LS10 1AB"
    Service.objects.bulk_update(made, ["postcode"])
    assert _where(made[0]) == PLACES["LS10 1AB"]


def test_services_stored_before_their_postcodes_are_placed_once_the_postcodes_come():
    early = ServiceFactory(postcode="LS1 4AP")
    assert _where(early) == (None, None)
    Postcode.objects.create(postcode="LS1 4AP", latitude=53.7968, longitude=-1.5437)
    assert locations.locate_services() == 1
    assert _where(early) == (53.7968, -1.5437)
    Postcode.objects.filter(pk="LS1 4AP").update(latitude=None, longitude=None)  # a later file lost its grid ref
    assert locations.locate_services() == 0
    assert _where(early) == (None, None)


def _where(service) -> tuple:
    return tuple(Service.objects.filter(pk=service.pk).values_list("latitude", "longitude").get())
