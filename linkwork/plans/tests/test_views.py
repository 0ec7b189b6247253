"""The plan's pages, through HTTP as each role: make, change, goals, progress, part two, the person's page."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog
from linkwork.people.tests.factories import PersonFactory
from linkwork.plans import services
from linkwork.plans.models import CarePlan, CarePlanVersion, Goal
from linkwork.plans.tests.factories import SECTIONS, add_goal, make_plan
from linkwork.referrals.tests.factories import ReferralFactory

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def split_date(name, d):
    return {f"{name}_day": d.day, f"{name}_month": d.month, f"{name}_year": d.year}


def plan_form(**overrides):
    data = {k: v for k, v in SECTIONS.items() if k != "review_on"}
    data.update(split_date("review_on", SECTIONS["review_on"]))
    data.update(overrides)
    return data


@pytest.fixture
def lw(world):
    return world.user("link_worker")


def test_making_a_plan_through_the_pages(referral, lw):
    client = signed_in(lw)
    person_page = client.get(f"/people/{referral.person_id}").content.decode()
    assert "No plan yet." in person_page and f"/referrals/{referral.pk}/care-plan/edit" in person_page
    form = client.get(f"/referrals/{referral.pk}/care-plan/edit").content.decode()
    assert "1. What matters to me" in form and "7. When we will check how it is going" in form
    response = client.post(f"/referrals/{referral.pk}/care-plan/edit", plan_form())
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/care-plan/goals/new"
    plan = CarePlan.objects.get()
    assert plan.what_matters == SECTIONS["what_matters"] and plan.review_on == date(2026, 12, 1)

    response = client.post(
        f"/referrals/{referral.pk}/care-plan/goals/new",
        {
            "description": "Join the walking group",
            "progress": "not_started",
            **split_date("progress_on", date(2026, 11, 10)),
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/care-plan#goals"
    goal = Goal.objects.get()
    assert (goal.description, goal.progress, goal.progress_on) == (
        "Join the walking group",
        "not_started",
        date(2026, 11, 10),
    )

    response = client.post(
        f"/referrals/{referral.pk}/care-plan/goals/{goal.pk}/progress",
        {"progress": "in_progress", **split_date("progress_on", date(2026, 11, 19))},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.progress, goal.progress_on) == ("in_progress", date(2026, 11, 19))

    page = client.get(f"/referrals/{referral.pk}/care-plan").content.decode()
    assert "Join the walking group" in page and "In progress" in page
    assert "Not started to In progress, as of 19 November 2026" in page  # the goal's progress history
    assert "Version 3" in page and "Goal now in progress: Join the walking group" in page
    assert "Goal added (not started): Join the walking group" in page and "Plan made" in page
    assert AuditLog.objects.filter(action="view", what="care_plan", person_id=referral.person_id).exists()


def test_bad_plan_shows_every_error_on_its_field_and_stores_nothing(referral, lw):
    client = signed_in(lw)
    response = client.post(
        f"/referrals/{referral.pk}/care-plan/edit",
        plan_form(what_matters="", **split_date("review_on", date(2026, 9, 1))),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Write what matters to the person, in their own words" in html
    assert "The review date cannot be before the referral was received (1 October 2026)" in html
    assert 'href="#id_review_on_day"' in html and 'href="#id_what_matters"' in html
    assert "<title>Error: " in html
    assert CarePlan.objects.count() == 0


def test_changing_part_one_and_filling_in_part_two(referral, lw):
    make_plan(referral, lw)
    client = signed_in(lw)
    form = client.get(f"/referrals/{referral.pk}/care-plan/edit").content.decode()
    assert "Ask how the first walking group went." in form  # the form starts from the plan as it is
    response = client.post(f"/referrals/{referral.pk}/care-plan/edit", plan_form(support="Lunch club on Thursdays"))
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/care-plan"
    response = client.post(
        f"/referrals/{referral.pk}/care-plan/part-two",
        {"changes": "I have made two friends.", "share_story": "yes", "satisfaction_survey": "no", "evaluation": "yes"},
    )
    assert response.status_code == 302
    plan = CarePlan.objects.get()
    assert plan.support == "Lunch club on Thursdays" and plan.changes == "I have made two friends."
    assert (plan.share_story, plan.satisfaction_survey, plan.evaluation) == ("yes", "no", "yes")
    assert list(CarePlanVersion.objects.values_list("number", flat=True)) == [1, 2, 3]
    page = client.get(f"/referrals/{referral.pk}/care-plan").content.decode()
    assert "Changed: The support I am being connected to" in page
    assert "Changed: What has changed; I am happy to share my personal story" in page


def test_part_two_and_goals_need_a_plan_first(referral, lw):
    client = signed_in(lw)
    for path in ("part-two", "goals/new"):
        response = client.get(f"/referrals/{referral.pk}/care-plan/{path}")
        assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/care-plan/edit"


def test_a_closed_episodes_plan_is_readable_and_part_two_stays_open(referral, lw):
    plan = make_plan(referral, lw)
    goal = add_goal(plan, lw)
    referral.status, referral.closed_on = "discharged", date(2026, 11, 18)
    referral.save()
    client = signed_in(lw)
    page = client.get(f"/referrals/{referral.pk}/care-plan").content.decode()
    assert "This episode has ended" in page and "Fill in part two" in page
    assert "Change part one" not in page and "Update progress" not in page and "Add a goal" not in page
    edit = client.get(f"/referrals/{referral.pk}/care-plan/edit").content.decode()
    assert "part one of the plan can no longer change" in edit and "Save the plan" not in edit
    response = client.post(f"/referrals/{referral.pk}/care-plan/goals/{goal.pk}/progress", {"progress": "achieved"})
    assert "Goals can no longer change because the episode has ended" in response.content.decode()
    response = client.post(f"/referrals/{referral.pk}/care-plan/part-two", {"changes": "Feeling better."})
    assert response.status_code == 302
    assert CarePlan.objects.get().changes == "Feeling better." and Goal.objects.get().progress == "not_started"


def test_supervisors_read_but_do_not_write(referral, lw, world):
    make_plan(referral, lw)
    client = signed_in(world.user("gp_supervisor"))
    page = client.get(f"/referrals/{referral.pk}/care-plan")
    assert page.status_code == 200 and "Change part one" not in page.content.decode()
    assert client.get(f"/referrals/{referral.pk}/care-plan/edit").status_code == 403
    assert client.post(f"/referrals/{referral.pk}/care-plan/edit", plan_form(support="x")).status_code == 403
    assert client.get(f"/referrals/{referral.pk}/care-plan/print").status_code == 200
    assert CarePlan.objects.get().support == SECTIONS["support"]
    assert AuditLog.objects.filter(
        action="denied", what="page", detail__path=f"/referrals/{referral.pk}/care-plan/edit"
    ).exists()


def test_another_pcns_episode_is_not_found(referral, lw, world):
    goal = add_goal(make_plan(referral, lw), lw)
    client = signed_in(world.other_users["link_worker"])
    base = f"/referrals/{referral.pk}/care-plan"
    for path in (
        base,
        f"{base}/edit",
        f"{base}/part-two",
        f"{base}/goals/new",
        f"{base}/goals/{goal.pk}/progress",
        f"{base}/print",
        f"{base}.pdf",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{base}/edit", plan_form(support="x")).status_code == 404
    assert AuditLog.objects.filter(action="denied", what="referral", object_id=str(referral.pk)).count() == 8


def test_a_goal_of_another_episode_is_not_found(referral, lw, world):
    other_referral = ReferralFactory(person=PersonFactory(gp_practice=world.practice))
    other_goal = add_goal(make_plan(other_referral, lw), lw)
    make_plan(referral, lw)
    response = signed_in(lw).get(f"/referrals/{referral.pk}/care-plan/goals/{other_goal.pk}/progress")
    assert response.status_code == 404


def test_person_page_shows_the_plan_goals_and_review_due(referral, lw):
    plan = make_plan(referral, lw, review_on=NOW.date() + timedelta(days=3))
    add_goal(plan, lw, description="Cook a proper meal twice a week", progress="in_progress")
    html = signed_in(lw).get(f"/people/{referral.person_id}").content.decode()
    assert "Care and support plan" in html and "Review due" in html
    assert "Cook a proper meal twice a week" in html and "In progress" in html
    assert f"/referrals/{referral.pk}/care-plan/print" in html and f"/referrals/{referral.pk}/care-plan.pdf" in html
    services.save_care_plan(referral, {"review_on": date(2026, 11, 2)}, user=lw, auditor=Auditor(lw))
    assert "Review overdue" in signed_in(lw).get(f"/people/{referral.person_id}").content.decode()


def test_person_page_query_count_does_not_grow_with_plans_goals_and_versions(world, lw):
    client = signed_in(lw)
    person = PersonFactory(gp_practice=world.practice)

    def add_episode(n_goals, n_changes):
        referral = ReferralFactory(person=person, received_on=NOW.date() - timedelta(days=60), status="active")
        plan = make_plan(referral, lw)
        for i in range(n_goals):
            goal = add_goal(plan, lw, description=f"Goal {i}", progress_on=NOW.date() - timedelta(days=30))
            for step, progress in enumerate(("in_progress", "achieved")[:n_changes]):
                services.change_goal_progress(
                    goal,
                    progress=progress,
                    progress_on=NOW.date() - timedelta(days=20 - step),
                    user=lw,
                    auditor=Auditor(lw),
                )
        return referral

    add_episode(1, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/people/{person.pk}").status_code == 200
    for _ in range(3):
        add_episode(5, 2)
    with CaptureQueriesContext(connection) as large:
        html = client.get(f"/people/{person.pk}").content.decode()
    assert html.count("Care and support plan") == 4 and "Goal 4" in html
    assert len(large) == len(small)
