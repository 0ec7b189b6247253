"""The plans API end to end through HTTP with a bearer token."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from linkwork.core.models import AuditLog
from linkwork.people.tests.factories import PersonFactory
from linkwork.plans.models import CarePlan, CarePlanVersion, Goal, GoalProgressChange
from linkwork.referrals.tests.factories import ReferralFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")

PLAN = {
    "what_matters": "Seeing my grandson play football.\nMy cat.",
    "how_to_support": "Write things down for me.",
    "health_conditions": "Type 2 diabetes",
    "support": "Men's Shed on Wednesdays",
    "self_support": "Walk to the shop instead of taking the bus",
    "review_on": "2026-12-18",
}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def lw(world, api):
    return api(world.user("link_worker"))


def url(referral, tail=""):
    return f"/api/v1/referrals/{referral.pk}/care-plan{tail}"


def test_make_then_change_a_plan_201_then_200(referral, lw):
    created = lw.post(url(referral), PLAN)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["what_matters"] == PLAN["what_matters"] and body["review_on"] == "2026-12-18"
    assert body["version"] == 1 and body["goals"] == [] and body["referral"] == str(referral.pk)
    assert body["share_story"] == "not_asked" and body["review_state"] is None
    changed = lw.post(url(referral), {"support": "Men's Shed and the library choir", "share_story": "yes"})
    assert changed.status_code == 200
    assert changed.json()["support"] == "Men's Shed and the library choir" and changed.json()["version"] == 2
    assert changed.json()["what_matters"] == PLAN["what_matters"]  # sections left out keep their values
    assert CarePlan.objects.count() == 1 and CarePlanVersion.objects.count() == 2
    rows = AuditLog.objects.filter(what="care_plan", via="api").order_by("at")
    assert [(r.action, r.person_id) for r in rows] == [
        ("create", referral.person_id),
        ("update", referral.person_id),
    ]


def test_read_the_plan_with_goals_and_version(referral, lw):
    lw.post(url(referral), PLAN)
    goal = lw.post(url(referral, "/goals"), {"description": "Go to the Men's Shed three times"})
    assert goal.status_code == 201, goal.content
    assert goal.json()["progress"] == "not_started" and goal.json()["progress_on"] == "2026-11-20"
    moved = lw.post(
        url(referral, f"/goals/{goal.json()['id']}/progress"), {"progress": "in_progress", "progress_on": "2026-11-20"}
    )
    assert moved.status_code == 200 and moved.json()["progress"] == "in_progress"
    fetched = lw.get(url(referral))
    assert fetched.status_code == 200
    body = fetched.json()
    assert body["version"] == 3
    assert [(g["description"], g["progress"]) for g in body["goals"]] == [
        ("Go to the Men's Shed three times", "in_progress")
    ]
    assert AuditLog.objects.filter(action="view", what="care_plan", person_id=referral.person_id).count() == 1
    assert GoalProgressChange.objects.count() == 2


def test_no_plan_yet_is_404(referral, lw):
    assert lw.get(url(referral)).status_code == 404
    assert lw.post(url(referral, "/goals"), {"description": "x"}).status_code == 404
    assert not AuditLog.objects.filter(action="denied").exists()  # nothing was refused: there is nothing yet


def test_bad_plan_gives_422_naming_each_field_and_rule_and_stores_nothing(referral, lw):
    response = lw.post(url(referral), {**PLAN, "what_matters": "", "review_on": "2026-09-01"})
    assert response.status_code == 422
    assert {(e["field"], e["rule"]) for e in response.json()["detail"]} == {
        ("what_matters", "required"),
        ("review_on", "after_referral"),
    }
    schema = lw.post(url(referral), {**PLAN, "share_story": "perhaps", "what_maters": "typo"})
    assert schema.status_code == 422
    assert {(e["field"], e["rule"]) for e in schema.json()["detail"]} == {
        ("share_story", "choice"),
        ("what_maters", "extra_forbidden"),
    }
    not_a_date = lw.post(url(referral), {**PLAN, "review_on": "next Tuesday"})
    assert not_a_date.status_code == 422 and not_a_date.json()["detail"][0]["field"] == "review_on"
    assert CarePlan.objects.count() == 0 and not AuditLog.objects.filter(what="care_plan").exists()


def test_bad_goal_and_progress_give_422_and_store_nothing(referral, lw):
    lw.post(url(referral), PLAN)
    response = lw.post(url(referral, "/goals"), {"description": " ", "progress_on": "2027-01-01"})
    assert response.status_code == 422
    assert {(e["field"], e["rule"]) for e in response.json()["detail"]} == {
        ("description", "required"),
        ("progress_on", "not_in_future"),
    }
    missing = lw.post(url(referral, "/goals"), {"progress": "achieved"})
    assert missing.status_code == 422 and missing.json()["detail"][0] == {
        "field": "description",
        "rule": "required",
        "message": "Field required",
    }
    goal = lw.post(url(referral, "/goals"), {"description": "Sleep better"}).json()
    bad = lw.post(url(referral, f"/goals/{goal['id']}/progress"), {"progress": "done"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["rule"] == "choice"
    same = lw.post(url(referral, f"/goals/{goal['id']}/progress"), {"progress": "not_started"})
    assert same.status_code == 422 and same.json()["detail"][0]["rule"] == "unchanged"
    assert Goal.objects.count() == 1 and GoalProgressChange.objects.count() == 1
    assert CarePlanVersion.objects.count() == 2


def test_after_discharge_part_two_only(referral, lw):
    lw.post(url(referral), PLAN)
    goal = lw.post(url(referral, "/goals"), {"description": "Sleep better"}).json()
    referral.status = "discharged"
    referral.save()
    assert lw.post(url(referral), {"changes": "Sleeping through most nights", "evaluation": "yes"}).status_code == 200
    refused = lw.post(url(referral), {"support": "Something else"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["rule"] == "episode_closed"
    assert lw.post(url(referral, "/goals"), {"description": "New"}).json()["detail"][0]["rule"] == "episode_closed"
    moved = lw.post(url(referral, f"/goals/{goal['id']}/progress"), {"progress": "achieved"})
    assert moved.status_code == 422 and moved.json()["detail"][0] == {
        "field": "care_plan",
        "rule": "episode_closed",
        "message": "goals can no longer change because the episode has ended",
    }
    assert lw.get(url(referral)).json()["changes"] == "Sleeping through most nights"


def test_idempotency_key_replays_the_first_answer(referral, lw):
    first = lw.post(url(referral), PLAN, HTTP_IDEMPOTENCY_KEY="plan-1")
    again = lw.post(url(referral), PLAN, HTTP_IDEMPOTENCY_KEY="plan-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    goal = lw.post(url(referral, "/goals"), {"description": "Walk"}, HTTP_IDEMPOTENCY_KEY="goal-1")
    goal_again = lw.post(url(referral, "/goals"), {"description": "Walk"}, HTTP_IDEMPOTENCY_KEY="goal-1")
    assert goal.json() == goal_again.json() and Goal.objects.count() == 1
    reused = lw.post(url(referral, "/goals"), {"description": "Run"}, HTTP_IDEMPOTENCY_KEY="goal-1")
    assert reused.status_code == 422 and reused.json()["detail"][0]["rule"] == "reuse"
    assert CarePlanVersion.objects.count() == 2


def test_roles_and_scope(referral, world, api, lw):
    lw.post(url(referral), PLAN)
    supervisor = api(world.user("pcn_manager"))
    assert supervisor.get(url(referral)).status_code == 200
    refused = supervisor.post(url(referral), {"support": "x"})
    assert refused.status_code == 403 and "plans.change_care_plan" in refused.json()["detail"]
    assert supervisor.post(url(referral, "/goals"), {"description": "x"}).status_code == 403
    for role in ("practice_staff", "vcse_partner", "commissioner", "admin"):
        assert api(world.user(role)).get(url(referral)).status_code == 403, role
    other = api(world.other_users["link_worker"])
    assert other.get(url(referral)).status_code == 404
    assert other.post(url(referral), {"support": "x"}).status_code == 404
    assert other.get(url(referral, ".pdf")).status_code == 404
    assert CarePlan.objects.get().support == PLAN["support"]
    assert AuditLog.objects.filter(action="denied", what="referral", object_id=str(referral.pk)).count() == 3


def test_a_goal_from_another_plan_is_404(referral, lw, world):
    other = ReferralFactory(person=PersonFactory(gp_practice=world.practice))
    lw.post(url(referral), PLAN)
    lw.post(url(other), PLAN)
    their_goal = lw.post(url(other, "/goals"), {"description": "Theirs"}).json()
    response = lw.post(url(referral, f"/goals/{their_goal['id']}/progress"), {"progress": "achieved"})
    assert response.status_code == 404 and Goal.objects.get().progress == "not_started"


def test_pdf_over_the_api(referral, lw):
    lw.post(url(referral), PLAN)
    lw.post(url(referral, "/goals"), {"description": "Go to the Men's Shed three times"})
    response = lw.get(url(referral, ".pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Seeing my grandson play football." in text and "Go to the Men's Shed three times" in text
    assert "18 December 2026" in text
    export = AuditLog.objects.get(action="export")
    assert (export.what, export.person_id, export.via, export.detail["format"]) == (
        "care_plan",
        referral.person_id,
        "api",
        "pdf",
    )
