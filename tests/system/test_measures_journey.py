"""Recording measures in a real browser, with axe on every page: a link worker sees the baseline ONS4 due on
the person page, records it (first with a missing answer, then in full), and sees each item with its band."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.measures.models import MeasureResponse
from linkwork.people.tests.factories import PersonFactory
from linkwork.referrals.tests.factories import ReferralFactory
from tests.system.test_main_journey import choose, fill_date, sign_in

pytestmark = pytest.mark.browser

ONS4 = {
    "Overall, how satisfied are you with your life nowadays?": "6",
    "Overall, to what extent do you feel the things you do in your life are worthwhile?": "7",
    "Overall, how happy did you feel yesterday?": "9",
}


def test_record_a_baseline_ons4_from_the_person_page(page: Page, live_server, world, axe_check):
    today = timezone.localdate()
    person = PersonFactory(gp_practice=world.practice)
    ReferralFactory(
        person=person, received_on=today - timedelta(days=10), status="active", accepted_on=today - timedelta(days=3)
    )
    sign_in(page, world.user("link_worker"))
    page.goto(f"/people/{person.pk}")
    expect(page.get_by_text("ONS4, baseline: due")).to_be_visible()
    axe_check(page, "person page with a measure due")
    page.get_by_role("link", name=re.compile("record ONS4")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("ONS personal wellbeing (ONS4)")
    axe_check(page, "ONS4 form")
    fill_date(page, "Date taken", today)
    for question, answer in ONS4.items():
        choose(page, question, answer)
    page.get_by_role("button", name="Save ONS4").click()

    expect(page).to_have_title(re.compile(r"^Error: Record ONS4"))
    summary = page.locator(".nhsuk-error-summary")
    missing = summary.get_by_role("link", name="Anxiety: give an answer")
    expect(missing).to_have_attribute("href", "#id_answer_anxiety")
    axe_check(page, "ONS4 form with an unanswered item")
    assert not MeasureResponse.objects.exists()

    choose(page, re.compile("how anxious did you feel yesterday"), "2")
    page.get_by_role("button", name="Save ONS4").click()
    expect(page.get_by_text("ONS4 recorded")).to_be_visible()
    table = page.get_by_role("table", name="ONS personal wellbeing (ONS4)")
    expect(table).to_contain_text("9 (Very high)")
    expect(table).to_contain_text("2 (Low)")
    expect(page.get_by_text("ONS4, baseline: taken")).to_be_visible()
    axe_check(page, "person page with a measure recorded")
    assert MeasureResponse.objects.get().answers["anxiety"] == 2
