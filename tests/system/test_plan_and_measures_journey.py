"""Issue 3's journey in a real browser, with axe on every page: a link worker records a baseline ONS4 and
SWEMWBS, writes a care and support plan with two goals, prints the person's copy, and the PDF holds the
person's own words."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from linkwork.measures.models import MeasureResponse
from linkwork.people.tests.factories import PersonFactory
from linkwork.plans.models import CarePlan
from linkwork.referrals.tests.factories import ReferralFactory
from tests.system.test_main_journey import choose, fill_date, sign_in

pytestmark = pytest.mark.browser

ONS4 = {
    "Overall, how satisfied are you with your life nowadays?": "4",
    "Overall, to what extent do you feel the things you do in your life are worthwhile?": "5",
    "Overall, how happy did you feel yesterday?": "3",
    re.compile("how anxious did you feel yesterday"): "7",
}
SWEMWBS = [
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling close to other people",
    "I've been able to make up my own mind about things",
]
WHAT_MATTERS = "Seeing my grandson on Saturdays. Not feeling so alone since Frank died."
GOALS = ["Go to the Tuesday lunch club at St Mark's", "Sort out my pension credit with Citizens Advice"]


def record(page: Page, episode, instrument_name: str, axe_check) -> None:
    episode.get_by_role("link", name=re.compile("^Record a measure")).click()
    axe_check(page, "choose a questionnaire")
    page.get_by_role("link", name=instrument_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(instrument_name)
    axe_check(page, f"{instrument_name} form")
    fill_date(page, "Date taken", timezone.localdate())


def test_baseline_measures_a_plan_with_two_goals_and_the_persons_pdf(page: Page, live_server, world, axe_check):
    today = timezone.localdate()
    person = PersonFactory(gp_practice=world.practice, given_name="Edith", family_name="Marsh")
    referral = ReferralFactory(
        person=person,
        received_on=today - timedelta(days=9),
        status="active",
        accepted_on=today - timedelta(days=2),
        assigned_to=world.user("link_worker"),
    )
    sign_in(page, world.user("link_worker"))
    page.goto(f"/people/{person.pk}")
    episode = page.locator(f"#episode-{referral.pk}")

    record(page, episode, "ONS personal wellbeing (ONS4)", axe_check)
    for question, answer in ONS4.items():
        choose(page, question, answer)
    page.get_by_role("button", name="Save ONS4").click()
    expect(page.get_by_text("ONS4 recorded")).to_be_visible()

    episode = page.locator(f"#episode-{referral.pk}")
    record(page, episode, "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)", axe_check)
    for statement in SWEMWBS:
        choose(page, statement, "3 Some of the time")
    page.get_by_role("button", name="Save SWEMWBS").click()
    expect(page.get_by_text("SWEMWBS recorded")).to_be_visible()
    axe_check(page, "person page with baseline measures")
    results = {r.instrument: r.results for r in MeasureResponse.objects.filter(referral=referral)}
    assert results["swemwbs"]["raw"] == 21 and results["swemwbs"]["metric"] == 19.25
    assert results["ons4"]["items"]["anxiety"]["band"] == "high"

    page.locator(f"#episode-{referral.pk}").get_by_role(
        "link", name=re.compile("^Make a care and support plan")
    ).click()
    page.get_by_label("1. What matters to me").fill(WHAT_MATTERS)
    page.get_by_label("5. The support I am being connected to").fill("Lunch club volunteers will ring me first.")
    fill_date(page, "7. When we will check how it is going", today + timedelta(days=42))
    page.get_by_role("button", name="Save the plan").click()
    for goal in GOALS:
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a goal")
        page.get_by_label("The goal, in the person's own words").fill(goal)
        page.get_by_role("button", name="Add the goal").click()
        expect(page.get_by_role("table", name="The person's goals")).to_contain_text(goal)
        if goal != GOALS[-1]:
            page.get_by_role("button", name="Add a goal").click()
    axe_check(page, "plan with two goals")

    page.goto(f"/people/{person.pk}")
    episode = page.locator(f"#episode-{referral.pk}")
    episode.get_by_role("link", name=re.compile("^The person's copy to print")).click()
    main = page.get_by_role("main")
    expect(main).to_contain_text(WHAT_MATTERS)
    for goal in GOALS:
        expect(main).to_contain_text(goal)
    axe_check(page, "the person's copy")

    page.goto(f"/people/{person.pk}")
    pdf_link = page.locator(f"#episode-{referral.pk}").get_by_role("link", name=re.compile("^as a PDF"))
    # WeasyPrint takes seconds on a busy machine (the suite runs browsers side by side): wait for it, never judge it.
    response = page.request.get(pdf_link.get_attribute("href"), timeout=60_000)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    text = re.sub(r"\s+", " ", text)
    assert WHAT_MATTERS in text
    assert all(goal in text for goal in GOALS)
    assert "871731000000106" not in text
    assert CarePlan.objects.get(referral=referral).goals.count() == 2
