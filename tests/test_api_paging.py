"""Every paged API route takes bounded `limit` and `offset`, and refuses anything else with 422 in the error shape."""

import pytest
from django.conf import settings

from linkwork.config.api import api as ninja_api

PAGED = [
    "/api/v1/people",
    "/api/v1/referrals",
    "/api/v1/connections",
    "/api/v1/services",
    "/api/v1/audit",
    "/api/v1/activities",
    "/api/v1/organisations/{organisation_id}/assessments",
]


def _paged_paths() -> set[str]:
    schema = ninja_api.get_openapi_schema()
    return {
        path
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        if {p["name"] for p in operation.get("parameters", [])} >= {"limit", "offset"}
    }


def test_the_list_of_paged_routes_is_complete():
    assert _paged_paths() == set(PAGED)


def test_every_paged_route_documents_its_bounds():
    schema = ninja_api.get_openapi_schema()
    for path in PAGED:
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert params["limit"]["minimum"] == 1 and params["limit"]["maximum"] == settings.LINKWORK_API_MAX_LIMIT, path
        assert params["offset"]["minimum"] == 0 and params["offset"]["maximum"] == settings.LINKWORK_API_MAX_OFFSET


def _user_for(world, path):
    return world.user("admin" if path.endswith("/audit") else "link_worker")


def _url(world, path):
    """The route's URL for a record within the caller's reach (the quality assurance of a provider organisation)."""
    return path.format(organisation_id=world.vcse.pk)


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("offset", "9223372036854775808"),  # one past the largest 64-bit integer: was a 500 from the database
        ("offset", str(10**40)),
        ("offset", "-1"),
        ("limit", "0"),
        ("limit", "101"),
        ("limit", "9223372036854775808"),
    ],
)
def test_out_of_range_paging_answers_422_naming_the_field(world, api, path, field, value):
    response = api(_user_for(world, path)).get(_url(world, path), {field: value})
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": [{"field": field, "rule": "range", "message": response.json()["detail"][0]["message"]}]
    }


@pytest.mark.parametrize("path", PAGED)
def test_paging_that_is_not_a_number_answers_422(world, api, path):
    response = api(_user_for(world, path)).get(_url(world, path), {"offset": "lots"})
    assert response.status_code == 422
    assert [(e["field"], e["rule"]) for e in response.json()["detail"]] == [("offset", "int_parsing")]


@pytest.mark.parametrize("path", PAGED)
def test_the_largest_allowed_values_answer_an_empty_page(world, api, path):
    response = api(_user_for(world, path)).get(
        _url(world, path), {"limit": settings.LINKWORK_API_MAX_LIMIT, "offset": settings.LINKWORK_API_MAX_OFFSET}
    )
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_the_default_page_is_the_documented_size(world, api, person):
    from linkwork.people.tests.factories import PersonFactory

    PersonFactory.create_batch(settings.LINKWORK_API_PAGE_SIZE, gp_practice=world.practice)
    body = api(world.user("link_worker")).get("/api/v1/people").json()
    assert body["count"] == settings.LINKWORK_API_PAGE_SIZE + 1
    assert len(body["items"]) == settings.LINKWORK_API_PAGE_SIZE


PAGES = [
    ("/caseload", "link_worker", ["page", "waiting_page", "active_page", "closed_page"]),
    ("/directory", "link_worker", ["page"]),
    ("/public/directory", None, ["page"]),
    ("/connections/follow-up", "link_worker", ["page"]),
    ("/partner/connections", "vcse_partner", ["page"]),
    ("/referrals/made", "practice_staff", ["page"]),
    ("/audit", "admin", ["page"]),
]


@pytest.mark.parametrize(("path", "role", "params"), PAGES)
@pytest.mark.parametrize("value", ["9223372036854775808", "-5", "0", "lots", "1e9", "9" * 5000, ""])
def test_web_pages_shrug_off_any_page_number(client, world, path, role, params, value):
    if role:
        client.force_login(world.user(role))
    for param in params:
        response = client.get(path, {param: value})
        assert response.status_code == 200, f"{path}?{param}={value[:20]}"
