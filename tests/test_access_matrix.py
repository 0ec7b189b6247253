"""Walk every page and every API GET route as every role (DESIGN: deny by default, role-scoped data).

A new URL fails this test until its expected access is written down here.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from linkwork.accounts.tests.factories import token_for
from linkwork.config.api import api as ninja_api
from linkwork.core.roles import Role

ALL = [r.value for r in Role]
PCN = ["link_worker", "health_and_wellbeing_coach", "care_coordinator", "gp_supervisor", "pcn_manager"]
CASELOAD = ["link_worker", "health_and_wellbeing_coach", "care_coordinator"]
NO_PEOPLE = ["practice_staff", "vcse_partner", "commissioner", "admin"]
DIRECTORY = [*PCN, "vcse_partner"]
MENU_KEEPERS = ["link_worker", "pcn_manager"]


def only(roles, yes, no):
    return {role: (yes if role in roles else no) for role in ALL}


# GET status by URL name and role.
PAGES = {
    "core:home": only(["commissioner"], 200, 302),
    "core:audit": only(["admin"], 200, 403),
    "core:privacy": only(ALL, 200, 200),
    "core:accessibility": only(ALL, 200, 200),
    "accounts:sign_in": only(ALL, 302, 302),
    "accounts:sign_out": only(ALL, 405, 405),
    "accounts:locked_out": only(ALL, 429, 429),
    "casework:person": only(PCN, 200, 403),
    "casework:caseload": only(PCN, 200, 403),
    "casework:reassign": only(ALL, 405, 405),
    "referrals:new": only([*PCN, "practice_staff"], 200, 403),
    "referrals:made": only(["practice_staff"], 200, 403),
    "referrals:detail": {**only(PCN, 302, 404), "practice_staff": 200},
    "casework:new_contact": only(CASELOAD, 200, 403),
    "casework:discharge": only(CASELOAD, 200, 403),
    "coding:worklist": only(["practice_staff"], 200, 403),
    "coding:entered": only(ALL, 405, 405),
    "coding:worklist_csv": only(["practice_staff"], 200, 403),
    "plans:detail": only(PCN, 200, 403),
    "plans:edit": only(CASELOAD, 200, 403),
    "plans:part_two": only(CASELOAD, 200, 403),
    "plans:new_goal": only(CASELOAD, 200, 403),
    "plans:goal_progress": only(CASELOAD, 200, 403),
    "plans:print": only(PCN, 200, 403),
    "plans:pdf": only(PCN, 200, 403),
    "measures:new": only(CASELOAD, 200, 403),
    "community:directory": only(DIRECTORY, 200, 403),
    "community:menu": only(MENU_KEEPERS, 200, 403),
    "community:new_service": only([*MENU_KEEPERS, "vcse_partner"], 200, 403),
    "community:service": only(DIRECTORY, 200, 403),
    "community:edit_service": only([*MENU_KEEPERS, "vcse_partner"], 200, 403),
    "community:capacity": only(DIRECTORY, 200, 403),
    "community:quality": only(PCN, 200, 403),
    "community:quality_organisation": only(PCN, 200, 403),
    "community:quality_new_assessment": only(PCN, 200, 403),
    "community:quality_new_agreement": only(PCN, 200, 403),
    "community:quality_leadership_change": only(PCN, 200, 403),
    "community:quality_new_catch_up": only(PCN, 200, 403),
    "community:quality_new_exception": only(["pcn_manager"], 200, 403),
    "community:quality_phone_survey": only(["link_worker", "pcn_manager"], 200, 403),
    "community:partner_survey": only(["vcse_partner"], 200, 403),
    "community:public_directory": only(ALL, 200, 200),
    "community:public_service": only(ALL, 200, 200),
    "referrals:self_referral": only(ALL, 200, 200),
    "referrals:self_referral_sent": only(ALL, 200, 200),
    "connections:new": only(CASELOAD, 200, 403),
    "connections:connect_person": only(CASELOAD, 200, 403),
    "casework:follow_up": only(PCN, 200, 403),
    "connections:status": only([*CASELOAD, "vcse_partner"], 200, 403),
    "connections:engagement": only([*CASELOAD, "vcse_partner"], 200, 403),
    "connections:partner_list": only(["vcse_partner"], 200, 403),
    "connections:partner_detail": only(["vcse_partner"], 200, 403),
    "activities:list": only(PCN, 200, 403),
    "activities:new": only(CASELOAD, 200, 403),
}
# Pages anyone may open without signing in; every other page sends an anonymous visitor to sign in.
PUBLIC = {"referrals:self_referral", "referrals:self_referral_sent"}
PUBLIC |= {"community:public_directory", "community:public_service"}
PUBLIC |= {"core:privacy", "core:accessibility"}

# API GET status by path template and role; list routes answer 200 but must hold no one for some roles.
API = {
    "/api/v1/organisations": only(ALL, 200, 200),
    "/api/v1/people": only(ALL, 200, 200),
    "/api/v1/people/{person_id}": only(PCN, 200, 404),
    "/api/v1/referrals": only(ALL, 200, 200),
    "/api/v1/referrals/{referral_id}": {**only(PCN, 200, 404), "practice_staff": 200},
    "/api/v1/coding/worklist": only(["practice_staff"], 200, 403),
    "/api/v1/referrals/{referral_id}/care-plan": only(PCN, 200, 403),
    "/api/v1/referrals/{referral_id}/care-plan.pdf": only(PCN, 200, 403),
    "/api/v1/people/{person_id}/measures": only(PCN, 200, 404),
    "/api/v1/organisations/{organisation_id}/agreements": only(PCN, 200, 403),
    "/api/v1/organisations/{organisation_id}/quality-assurance": only(PCN, 200, 403),
    "/api/v1/organisations/{organisation_id}/assessments": only(PCN, 200, 403),
    "/api/v1/services": only(DIRECTORY, 200, 403),
    "/api/v1/services/{service_id}": only(DIRECTORY, 200, 403),
    "/api/v1/connections": only(ALL, 200, 200),
    "/api/v1/connections/{connection_id}": only([*PCN, "vcse_partner"], 200, 404),
    # Everyone signed in: the whole directory for DIRECTORY roles, the public directory for the rest.
    "/api/v1/directory/openreferral": only(ALL, 200, 200),
    "/api/v1/activities": only(PCN, 200, 403),
    "/api/v1/audit": only(["admin"], 200, 403),
}


def walk(patterns, prefix="", route=""):
    """(namespaced name, full route) for every named page outside the API."""
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "api":
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from walk(p.url_patterns, ns, route + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", route + str(p.pattern)


def fill(route: str, records) -> str:
    path = route
    for name, value in records.items():
        path = path.replace(f"<uuid:{name}>", str(value)).replace(f"{{{name}}}", str(value))
    return "/" + path.lstrip("/")


def test_every_page_is_in_the_matrix():
    names = {name for name, _ in walk(get_resolver().url_patterns)}
    assert names == set(PAGES)


@pytest.mark.parametrize("role", ALL)
def test_pages_by_role(world, records, role):
    client = Client()
    client.force_login(world.user(role))
    routes = dict(walk(get_resolver().url_patterns))
    for name, expected in PAGES.items():
        path = fill(routes[name], records)
        response = client.get(path)
        assert response.status_code == expected[role], f"{role} GET {path} ({name})"
        if role in NO_PEOPLE and response.status_code == 200:
            body = response.content.decode()
            person = world.practice.registered_people.get()
            if name not in ("coding:worklist", "coding:worklist_csv", "referrals:made", "referrals:detail"):
                assert person.nhs_number not in body, f"{role} saw a person on {name}"


def test_public_pages_answer_anonymous_visitors(world, records):
    client = Client()
    routes = dict(walk(get_resolver().url_patterns))
    for name in PAGES:
        path = fill(routes[name], records)
        response = client.get(path)
        if name in PUBLIC:
            assert response.status_code == 200, f"anonymous GET {path} ({name})"
            assert records["person_id"] and str(records["person_id"]) not in response.content.decode()
        elif name not in ("accounts:sign_in", "accounts:locked_out", "accounts:sign_out"):
            assert response.status_code == 302 and "/accounts/sign-in" in response["Location"], name


def test_every_api_get_route_is_in_the_matrix():
    schema = ninja_api.get_openapi_schema()
    gets = {path for path, ops in schema["paths"].items() if "get" in ops}
    assert gets - {"/api/v1/openapi.json", "/api/v1/docs"} == set(API)


@pytest.mark.parametrize("role", ALL)
def test_api_by_role(world, records, role):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.user(role))}")
    for route, expected in API.items():
        path = fill(route, records)
        response = client.get(path)
        assert response.status_code == expected[role], f"{role} GET {path}"
    people = client.get("/api/v1/people").json()
    referrals = client.get("/api/v1/referrals").json()
    if role in NO_PEOPLE:
        assert people["count"] == 0
    if role in ("vcse_partner", "commissioner", "admin"):
        assert referrals["count"] == 0


def test_another_pcn_reaches_none_of_this_pcns_records(world, records):
    client = Client()
    client.force_login(world.other_users["link_worker"])
    assert client.get(f"/people/{records['person_id']}").status_code == 404
    assert client.get(f"/referrals/{records['referral_id']}").status_code == 404
    assert client.get(f"/referrals/{records['referral_id']}/contacts/new").status_code == 404
    assert client.get(f"/referrals/{records['referral_id']}/care-plan").status_code == 404
    assert client.get(f"/connections/{records['connection_id']}/status").status_code == 404
    assert client.get(f"/referrals/{records['referral_id']}/connections/new").status_code == 404
    other_staff = Client()
    other_staff.force_login(world.other_users["practice_staff"])
    assert records["item_id"] and str(records["item_id"]) not in other_staff.get("/coding/worklist").content.decode()
