"""An anonymous visitor refers themselves to their GP practice's link worker service, in a real browser,
with axe checking every page on the way."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from linkwork.people.models import Person
from linkwork.people.tests.factories import valid_nhs_number
from linkwork.referrals.models import Referral

pytestmark = pytest.mark.browser


def test_anonymous_visitor_refers_themselves(page: Page, live_server, world, axe_check, settings):
    # The minimum time to fill in the form has its own tests; a browser driven by a script is faster than people.
    settings.LINKWORK_SELF_REFERRAL_MIN_SECONDS = 0
    cache.clear()
    nhs_number = valid_nhs_number(5150)

    page.goto("/public/self-referral")
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer yourself to a link worker")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    # The honeypot is hidden from screen readers (and from sight).
    expect(page.get_by_role("textbox", name="Leave this field empty")).to_have_count(0)
    axe_check(page, "self-referral form")

    # Sent empty: the error summary lists the problems, and is accessible too.
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_title(re.compile(r"^Error: Refer yourself"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link", name=re.compile("You can find it on a letter from your GP"))).to_have_attribute(
        "href", "#id_nhs_number"
    )
    axe_check(page, "self-referral form with errors")
    assert Person.objects.count() == 0 and Referral.objects.count() == 0

    page.get_by_label("NHS number", exact=True).fill(f"{nhs_number[:3]} {nhs_number[3:6]} {nhs_number[6:]}")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Okafor")
    birth = page.get_by_role("group", name="Date of birth")
    birth.get_by_label("Day").fill("27")
    birth.get_by_label("Month").fill("3")
    birth.get_by_label("Year").fill("1958")
    page.get_by_role("group", name="Sex").get_by_label("Female", exact=True).check()
    page.get_by_label("Postcode").fill("LS1 4AP")
    page.get_by_label("Your GP practice").select_option(label=world.practice.name)
    help_with = page.get_by_role("group", name="What would you like help with?")
    help_with.get_by_label("Social isolation and loneliness", exact=True).check()
    help_with.get_by_label("Money issues (debt, benefits, cost of living)", exact=True).check()
    page.get_by_label("Is there anything else you would like us to know?").fill("Mornings are best")
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label(re.compile("I agree to a link worker")).check()
    page.get_by_role("button", name="Send").click()

    expect(page).to_have_url(re.compile(r"/public/self-referral/sent$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your request has been sent")
    axe_check(page, "self-referral sent")

    referral = Referral.objects.get(person__nhs_number=nhs_number)
    assert referral.referrer_type == "self_referral"
    assert referral.pcn == world.pcn and referral.status == "waiting" and referral.urgency == "routine"
    assert sorted(referral.reasons.values_list("reason", flat=True)) == ["loneliness", "money"]
    assert "07700900982" in referral.context and "Mornings are best" in referral.context
