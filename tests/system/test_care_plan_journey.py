"""A care and support plan in a real browser, checking every page with axe as it goes: a link worker makes the
plan from the person's page, adds a goal, moves it on, and opens the person's own copy to print."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.people.tests.factories import PersonFactory
from linkwork.plans.models import CarePlan, Goal
from linkwork.referrals.tests.factories import ReferralFactory
from tests.system.test_main_journey import choose, confirmation, error_summary, fill_date, long_date, sign_in

pytestmark = pytest.mark.browser


def test_make_a_plan_add_a_goal_and_print_the_persons_copy(page: Page, live_server, world, axe_check):
    link_worker = world.user("link_worker")
    today = timezone.localdate()
    person = PersonFactory(gp_practice=world.practice, given_name="Ada", family_name="Okafor")
    referral = ReferralFactory(
        person=person, received_on=today - timedelta(days=20), status="active", assigned_to=link_worker
    )
    review_on = today + timedelta(days=5)

    sign_in(page, link_worker)
    page.goto(f"/people/{person.pk}")
    episode = page.locator(f"#episode-{referral.pk}")
    expect(episode).to_contain_text("No plan yet.")
    episode.get_by_role("link", name=re.compile("^Make a care and support plan")).click()

    # An empty plan first: every problem in the error summary, accessibly.
    expect(page.get_by_role("heading", level=1)).to_have_text("Part one: together at the start")
    axe_check(page, "plan form")
    page.get_by_role("button", name="Save the plan").click()
    expect(error_summary(page)).to_be_visible()
    expect(error_summary(page).get_by_role("link")).to_have_count(2)
    axe_check(page, "plan form with errors")

    page.get_by_label("1. What matters to me").fill("My grandchildren.\nThe allotment on Sundays.")
    page.get_by_label("5. The support I am being connected to").fill("Tuesday walking group at the library")
    fill_date(page, "7. When we will check how it is going", review_on)
    page.get_by_role("button", name="Save the plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Add a goal")
    expect(confirmation(page)).to_contain_text("Plan made.")
    axe_check(page, "goal form")
    page.get_by_label("The goal, in the person's own words").fill("Go to the walking group every week")
    page.get_by_role("button", name="Add the goal").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Care and support plan")
    goals = page.get_by_role("table", name="The person's goals")
    expect(goals).to_contain_text("Go to the walking group every week")
    expect(goals).to_contain_text("Not started")
    axe_check(page, "plan page")

    goals.get_by_role("link", name="Update progress for goal 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Goal progress")
    axe_check(page, "goal progress form")
    choose(page, "How it is going now", "In progress")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_role("table", name="The person's goals")).to_contain_text("In progress")
    expect(page.get_by_role("table", name="Every change to the plan, newest first")).to_contain_text(
        "Goal now in progress: Go to the walking group every week"
    )

    page.goto(f"/people/{person.pk}")
    episode = page.locator(f"#episode-{referral.pk}")
    expect(episode).to_contain_text(f"Review agreed for {long_date(review_on)}")
    expect(episode).to_contain_text("Review due")
    axe_check(page, "person page with a plan")

    episode.get_by_role("link", name=re.compile("^The person's copy to print")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My care and support plan")
    expect(page.get_by_role("main")).to_contain_text("The allotment on Sundays.")
    expect(page.get_by_role("main")).to_contain_text("Go to the walking group every week")
    axe_check(page, "the person's copy")

    plan = CarePlan.objects.get(referral=referral)
    assert plan.version == 3 and Goal.objects.get(care_plan=plan).progress == "in_progress"
