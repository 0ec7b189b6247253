"""The activity pages and API as each role: one's own list and form, the supervisor's PCN list with its filter, the
API hardened (strict types, unknown fields refused, bounded paging, documented refusals)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from linkwork.activities.models import Activity
from linkwork.activities.services import record_activity
from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")
BODY = {"occurred_on": "2026-11-19", "minutes": 90, "kind": "mdt_meeting", "note": "Practice MDT"}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def record(user, **overrides):
    values = {"occurred_on": date(2026, 11, 18), "minutes": 60, "kind": "group_session", "note": ""}
    return record_activity(**{**values, **overrides}, user=user, auditor=Auditor(user))


def test_recording_through_the_page(world):
    client = signed_in(world.user("link_worker"))
    form = client.get("/activities/new").content.decode()
    assert "Vaccination programme: mass booking calls" in form and "Community development" in form
    data = {
        "occurred_on_day": 19,
        "occurred_on_month": 11,
        "occurred_on_year": 2026,
        "minutes": "75",
        "kind": "community_development",
        "note": "Helped the bowls club plan step-free access",
    }
    response = client.post("/activities/new", data)
    assert response.status_code == 302 and response["Location"] == "/activities"
    activity = Activity.objects.get()
    assert (activity.minutes, activity.kind, activity.practitioner) == (
        75,
        "community_development",
        world.user("link_worker"),
    )
    page = client.get("/activities").content.decode()
    assert "Helped the bowls club plan step-free access" in page and "1 hour 15 minutes in all" in page


def test_the_page_lists_every_problem_and_stores_nothing(world):
    client = signed_in(world.user("link_worker"))
    body = client.post("/activities/new", {"minutes": "", "kind": "other"}).content.decode()
    assert "There is a problem" in body and "Enter the date of the activity" in body
    assert "Enter how many minutes it took" in body and "Say in the note what the activity was" in body
    typed = client.post("/activities/new", {"minutes": "lots", "kind": "group_session"}).content.decode()
    assert "Enter the minutes as a whole number, for example 90" in typed
    assert not Activity.objects.exists()


def test_a_link_worker_sees_their_own_a_supervisor_the_pcns(world):
    lw, coach = world.user("link_worker"), world.user("care_coordinator")
    record(lw, note="Mine")
    record(coach, note="The coordinator's", kind="volunteers")
    record(world.other_users["link_worker"], note="Another PCN's")
    own = signed_in(lw).get("/activities").content.decode()
    assert "Mine" in own and "The coordinator" not in own and "Another PCN" not in own
    manager = signed_in(world.user("pcn_manager"))
    pcn = manager.get("/activities").content.decode()
    assert "Mine" in pcn and "The coordinator" in pcn and "Another PCN" not in pcn and "Record activity" not in pcn
    only_coach = manager.get(f"/activities?practitioner={coach.pk}").content.decode()
    assert "The coordinator" in only_coach and "Mine" not in only_coach
    by_kind = manager.get("/activities?kind=volunteers").content.decode()
    assert "The coordinator" in by_kind and "Mine" not in by_kind
    # A link worker's practitioner filter is ignored: it could only narrow their own list anyway.
    assert "Mine" in signed_in(lw).get(f"/activities?practitioner={coach.pk}").content.decode()


def test_the_navigation_has_an_entry_for_pcn_roles_only(world):
    assert 'href="/activities"' in signed_in(world.user("link_worker")).get("/activities").content.decode()
    assert 'href="/activities"' in signed_in(world.user("gp_supervisor")).get("/activities").content.decode()
    html = signed_in(world.user("practice_staff")).get("/coding/worklist").content.decode()
    assert 'href="/activities"' not in html


def test_api_record_then_list(world, api):
    lw = api(world.user("link_worker"))
    created = lw.post("/api/v1/activities", BODY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["pcn"] == str(world.pcn.pk) and body["practitioner"] == str(world.user("link_worker").pk)
    assert body["kind_label"] == "Multi-disciplinary team meetings" and body["minutes"] == 90
    assert AuditLog.objects.filter(what="activity", action="create", via="api", person_id=None).count() == 1
    record(world.user("link_worker"), occurred_on=date(2026, 10, 1))
    listed = lw.get("/api/v1/activities", {"limit": 1}).json()
    assert listed["count"] == 2 and [a["occurred_on"] for a in listed["items"]] == ["2026-11-19"]
    window = lw.get("/api/v1/activities", {"occurred_from": "2026-10-01", "occurred_before": "2026-11-19"}).json()
    assert [a["occurred_on"] for a in window["items"]] == ["2026-10-01"]
    assert lw.get("/api/v1/activities", {"kind": "volunteers"}).json()["count"] == 0
    assert api(world.user("pcn_manager")).get("/api/v1/activities").json()["count"] == 2
    assert api(world.other_users["pcn_manager"]).get("/api/v1/activities").json()["count"] == 0


def test_api_refuses_what_it_cannot_use_and_stores_nothing(world, api):
    lw = api(world.user("link_worker"))
    cases = [
        ({**BODY, "person": "9434765919"}, "person"),  # never about one person
        ({**BODY, "minutes": "90"}, "minutes"),
        ({**BODY, "minutes": 90.5}, "minutes"),
        ({**BODY, "minutes": 0}, "minutes"),
        ({**BODY, "occurred_on": 20261119}, "occurred_on"),
        ({**BODY, "kind": "home_visit"}, "kind"),
        ({**BODY, "note": "x" * 1001}, "note"),
    ]
    for body, field in cases:
        response = lw.post("/api/v1/activities", body)
        assert response.status_code == 422 and field in {e["field"] for e in response.json()["detail"]}, body
    rules = lw.post("/api/v1/activities", {**BODY, "occurred_on": "2026-11-21", "note": "NHS no 943 476 5919"})
    assert {(e["field"], e["rule"]) for e in rules.json()["detail"]} == {
        ("occurred_on", "not_in_future"),
        ("note", "no_person"),
    }
    assert lw.get("/api/v1/activities", {"limit": 101}).status_code == 422
    assert lw.get("/api/v1/activities", {"offset": -1}).status_code == 422
    assert not Activity.objects.exists()


@pytest.mark.parametrize("role", ["gp_supervisor", "pcn_manager", "practice_staff", "commissioner", "admin"])
def test_roles_that_do_not_record_are_refused_403(world, api, role):
    assert api(world.user(role)).post("/api/v1/activities", BODY).status_code == 403
    assert not Activity.objects.exists()


def test_the_routes_document_their_refusals():
    from linkwork.config.api import api as ninja_api

    operations = ninja_api.get_openapi_schema()["paths"]["/api/v1/activities"]
    assert {"403", "422"} <= set(map(str, operations["post"]["responses"]))
    assert {"403", "422"} <= set(map(str, operations["get"]["responses"]))
