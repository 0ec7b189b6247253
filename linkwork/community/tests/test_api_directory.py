"""The directory API end to end through HTTP with a bearer token: provider organisations, services, capacity."""

import json

import pytest

from linkwork.community.models import CapacityStatement, Service
from linkwork.community.tests.factories import ServiceFactory
from linkwork.core.models import AuditLog
from linkwork.organisations.models import Organisation
from linkwork.organisations.tests.factories import OrganisationFactory

SERVICE = {
    "name": "Knit and natter",
    "category": "neighbourhood",
    "description": "Knitting, tea and a chat",
    "schedule": "Tuesdays 10am",
    "postcode": "LS1 4AP",
    "contact_email": "knit@example.org",
    "public": True,
}


def patch(client, service, body):
    """PATCH through the ApiClient's Django client, with its bearer token."""
    return client.client.patch(
        f"/api/v1/services/{service.pk}",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )


def fields(response) -> set[tuple[str, str]]:
    return {(e["field"], e["rule"]) for e in response.json()["detail"]}


@pytest.mark.parametrize("role", ["pcn_manager", "link_worker", "admin"])
def test_add_a_provider_organisation(world, api, role):
    response = api(world.user(role)).post(
        "/api/v1/organisations", {"kind": "community_group", "code": "kn 001", "name": "Knitters", "parent": "qwe"}
    )
    assert response.status_code == 201, response.content
    assert response.json() | {"id": None} == {
        "id": None,
        "code": "KN001",
        "kind": "community_group",
        "name": "Knitters",
        "parent": "QWE",
    }
    assert AuditLog.objects.filter(what="organisation", action="create", via="api").count() == 1


@pytest.mark.parametrize("role", ["vcse_partner", "commissioner", "practice_staff", "gp_supervisor"])
def test_other_roles_may_not_add_organisations(world, api, role):
    response = api(world.user(role)).post("/api/v1/organisations", {"kind": "vcse", "code": "1112223", "name": "X"})
    assert response.status_code == 403
    assert "community.add_provider_organisation" in response.json()["detail"]
    assert not Organisation.objects.filter(code="1112223").exists()


def test_only_provider_kinds_and_good_codes(world, api):
    client = api(world.user("pcn_manager"))
    pcn = client.post("/api/v1/organisations", {"kind": "pcn", "code": "U33333", "name": "PCN", "parent": "QWE"})
    assert pcn.status_code == 422 and fields(pcn) == {("kind", "choice")}
    bad = client.post("/api/v1/organisations", {"kind": "vcse", "code": "1234567", "name": " ", "parent": "U11111"})
    assert bad.status_code == 422
    assert fields(bad) == {("code", "unique"), ("name", "required"), ("parent", "kind")}


def test_add_a_service_201_then_read_it(world, api):
    client = api(world.user("link_worker"))
    response = client.post("/api/v1/services", {**SERVICE, "organisation": str(world.vcse.pk)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation"] == str(world.vcse.pk) and body["organisation_name"] == "Good Neighbours"
    assert body["status"] == "active" and body["public"] is True and body["public_views"] == 0
    assert body["capacity"] == {"status": None, "typical_wait_days": None, "stated_on": None}
    CapacityStatement.objects.create(organisation=world.vcse, status="closed", stated_on="2026-11-01")
    fetched = client.get(f"/api/v1/services/{body['id']}").json()
    assert fetched["name"] == "Knit and natter"
    assert fetched["capacity"] == {"status": "closed", "typical_wait_days": None, "stated_on": "2026-11-01"}
    assert AuditLog.objects.filter(what="service", action="create", via="api").count() == 1


def test_a_retry_with_the_same_key_adds_one_service(world, api):
    client = api(world.user("link_worker"))
    payload = {**SERVICE, "organisation": str(world.vcse.pk)}
    first = client.post("/api/v1/services", payload, HTTP_IDEMPOTENCY_KEY="svc-1")
    again = client.post("/api/v1/services", payload, HTTP_IDEMPOTENCY_KEY="svc-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert Service.objects.count() == 1


def test_bad_service_422_names_field_and_rule_and_stores_nothing(world, api):
    client = api(world.user("link_worker"))
    schema = client.post("/api/v1/services", {**SERVICE, "organisation": str(world.vcse.pk), "category": "knitting"})
    assert schema.status_code == 422 and fields(schema) == {("category", "choice")}
    rules = client.post(
        "/api/v1/services",
        {**SERVICE, "organisation": str(world.vcse.pk), "name": "", "postcode": "LS1", "website": "nope"},
    )
    assert rules.status_code == 422
    assert fields(rules) == {("name", "required"), ("postcode", "format"), ("website", "url")}
    practice = client.post("/api/v1/services", {**SERVICE, "organisation": str(world.practice.pk)})
    assert practice.status_code == 422 and fields(practice) == {("organisation", "exists")}
    extra = client.post("/api/v1/services", {**SERVICE, "organisation": str(world.vcse.pk), "colour": "red"})
    assert extra.status_code == 422
    assert not Service.objects.exists()


def test_a_vcse_partner_adds_services_only_for_its_own_organisation(world, api):
    client = api(world.user("vcse_partner"))
    own = client.post("/api/v1/services", {**SERVICE, "organisation": str(world.vcse.pk)})
    assert own.status_code == 201
    other = OrganisationFactory(kind="vcse")
    theirs = client.post("/api/v1/services", {**SERVICE, "organisation": str(other.pk)})
    assert theirs.status_code == 403 and "own organisation" in theirs.json()["detail"]
    assert Service.objects.filter(organisation=other).count() == 0


@pytest.mark.parametrize("role", ["commissioner", "practice_staff", "gp_supervisor"])
def test_roles_that_may_not_add_services_get_403(world, api, role):
    response = api(world.user(role)).post("/api/v1/services", {**SERVICE, "organisation": str(world.vcse.pk)})
    assert response.status_code == 403 and "community.change_service" in response.json()["detail"]
    assert not Service.objects.exists()


def test_search_services(world, api):
    walk = ServiceFactory(name="Health walks", category="physical_activity", postcode="LS1 4AP")
    ServiceFactory(name="Choir", category="arts", postcode="LS10 1AB")
    ServiceFactory(name="Gone walking", category="physical_activity", status="defunct")
    client = api(world.user("care_coordinator"))
    found = client.get("/api/v1/services", {"q": "walk", "place": "LS1"}).json()
    assert found["count"] == 1 and [s["id"] for s in found["items"]] == [str(walk.pk)]
    assert client.get("/api/v1/services", {"category": "arts"}).json()["count"] == 1
    assert client.get("/api/v1/services", {"status": "defunct"}).json()["count"] == 1
    by_org = client.get("/api/v1/services", {"organisation": str(walk.organisation_id)}).json()
    assert by_org["count"] == 1
    bad = client.get("/api/v1/services", {"place": "Leeds", "category": "x"})
    assert bad.status_code == 422 and fields(bad) == {("place", "format"), ("category", "choice")}


def test_state_capacity_over_the_api(world, api):
    client = api(world.user("vcse_partner"))
    url = f"/api/v1/organisations/{world.vcse.pk}/capacity"
    missing = client.post(url, {"status": "waiting_list"})
    assert missing.status_code == 422 and fields(missing) == {("typical_wait_days", "required")}
    stated = client.post(url, {"status": "waiting_list", "typical_wait_days": 30})
    assert stated.status_code == 201 and stated.json()["typical_wait_days"] == 30
    other = OrganisationFactory(kind="vcse")
    assert client.post(f"/api/v1/organisations/{other.pk}/capacity", {"status": "closed"}).status_code == 403
    assert CapacityStatement.objects.count() == 1


def test_commissioners_may_not_search_the_directory(world, api):
    assert api(world.user("commissioner")).get("/api/v1/services").status_code == 403


def test_change_a_service(world, api):
    service = ServiceFactory(organisation=world.vcse, name="Walks", schedule="Mondays")
    client = api(world.user("vcse_partner"))
    response = patch(client, service, {"schedule": "Fridays", "public": True})
    assert response.status_code == 200, response.content
    assert response.json()["schedule"] == "Fridays" and response.json()["name"] == "Walks"
    assert AuditLog.objects.get(what="service", action="update").detail == {"fields": ["schedule", "public"]}


def test_a_bad_or_forbidden_change_stores_nothing(world, api):
    theirs = ServiceFactory(organisation=OrganisationFactory(kind="vcse"), name="Theirs")
    own = ServiceFactory(organisation=world.vcse, name="Ours")
    client = api(world.user("vcse_partner"))

    assert patch(client, theirs, {"name": "Hijacked"}).status_code == 404  # another organisation's: out of reach
    bad = patch(client, own, {"name": "", "postcode": "nowhere"})
    assert bad.status_code == 422 and fields(bad) == {("name", "required"), ("postcode", "format")}
    organisation = patch(client, own, {"organisation": str(theirs.organisation_id)})
    assert organisation.status_code == 422
    theirs.refresh_from_db()
    own.refresh_from_db()
    assert (theirs.name, own.name, own.postcode) == ("Theirs", "Ours", "LS1 4AP")
    assert not AuditLog.objects.filter(what="service", action="update").exists()


# Searching: ranked words with synonyms, and distance from a postcode (issue 8, B2) ----------------------------------


@pytest.fixture
def leeds(world):
    from linkwork.geography.models import Postcode

    Postcode.objects.create(postcode="LS1 4AP", latitude=53.7968, longitude=-1.5437)
    Postcode.objects.create(postcode="LS6 2AB", latitude=53.8200, longitude=-1.5700)
    centre = OrganisationFactory(kind="vcse", name="Oakford Money Advice Centre")
    return {
        "benefits": ServiceFactory(
            name="Benefits check", category="money_welfare", description="Help to claim.", postcode="LS6 2AB"
        ),
        "choir": ServiceFactory(
            organisation=centre, name="Community choir", category="arts", description="Singing.", postcode="LS1 4AP"
        ),
    }


def test_the_api_finds_what_is_meant_best_first(world, api, leeds):
    client = api(world.user("link_worker"))
    for words in ("money advice", "debt", "welfare"):
        names = [s["name"] for s in client.get("/api/v1/services", {"q": words}).json()["items"]]
        assert names[0] == "Benefits check", words
    assert [s["name"] for s in client.get("/api/v1/services", {"q": "money advice"}).json()["items"]] == [
        "Benefits check",
        "Community choir",  # only its organisation's name says so: last
    ]


def test_the_api_searches_near_a_postcode(world, api, leeds):
    response = api(world.user("link_worker")).get("/api/v1/services", {"near": "ls1 4ap", "within": 2})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(s["name"], s["distance_miles"]) for s in items] == [("Community choir", 0.0), ("Benefits check", 1.93)]
    plain = api(world.user("link_worker")).get("/api/v1/services").json()["items"]
    assert {s["distance_miles"] for s in plain} == {None}


@pytest.mark.parametrize(
    ("query", "problems"),
    [
        ({"near": "LS1 5ZZ"}, {("near", "unknown")}),
        ({"near": "LS1 4AP", "within": 30}, {("within", "range")}),
        ({"q": "x" * 201}, {("q", "max_length")}),
        ({"place": "Leeds"}, {("place", "format")}),
    ],
)
def test_a_search_the_api_cannot_do_is_422_naming_the_field(world, api, leeds, query, problems):
    response = api(world.user("link_worker")).get("/api/v1/services", query)
    assert response.status_code == 422
    assert fields(response) == problems


def test_the_api_pages_at_most_a_hundred_services(world, api):
    Service.objects.bulk_create(
        [Service(organisation=world.vcse, name=f"S{i:03d}", category="arts") for i in range(105)]
    )
    client = api(world.user("link_worker"))
    response = client.get("/api/v1/services", {"limit": 100})
    assert response.json()["count"] == 105 and len(response.json()["items"]) == 100
    assert client.get("/api/v1/services", {"limit": 500}).status_code == 422  # bounded paging (core.pagination)
