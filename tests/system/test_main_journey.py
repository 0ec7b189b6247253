"""The main journey through linkwork in a real browser, checking every page with axe as it goes:

a link worker signs in, receives a referral, records the first contact (the person accepts support), sees
them on the caseload; then practice staff find the code on the coding worklist and mark it entered.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.accounts.tests.factories import PASSWORD
from linkwork.coding.models import CodingEvent, CodingStatus
from linkwork.people.models import Person
from linkwork.people.tests.factories import valid_nhs_number
from linkwork.referrals.models import Referral

pytestmark = pytest.mark.browser

ACCEPTED_CODE = "871731000000106"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def long_date(d) -> str:
    return f"{d.day} {d:%B %Y}"


def sign_in(page: Page, user, axe_check=None) -> None:
    page.goto("/accounts/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to linkwork")
    if axe_check:
        axe_check(page, "sign-in page")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def confirmation(page: Page):
    """The NHS.UK success notification banner a confirmation appears in."""
    return page.get_by_role("alert", name="Success")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/sign-in$"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def fill_date(page: Page, legend: str, d) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(d.day))
    group.get_by_label("Month").fill(str(d.month))
    group.get_by_label("Year").fill(str(d.year))


def choose(page: Page, legend: str, *labels: str) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    for label in labels:
        group.get_by_label(label, exact=True).check()


def referral_form(page: Page):
    """The form that saves the referral (the page also has a small form to find a person by NHS number)."""
    return page.locator("form").filter(has=page.get_by_role("button", name="Save referral"))


def fill_referral(page: Page, *, nhs_number: str, received_on, practice) -> None:
    form = referral_form(page)
    form.get_by_label("NHS number", exact=True).fill(nhs_number)
    form.get_by_label("First name").fill("Ada")
    form.get_by_label("Last name").fill("Okafor")
    fill_date(page, "Date of birth", date(1958, 3, 27))
    choose(page, "Sex", "Female")
    form.get_by_label("Postcode").fill("LS1 4AP")
    form.get_by_label("GP practice").select_option(label=f"{practice.name} ({practice.code})")
    fill_date(page, "Date the referral was received", received_on)
    form.get_by_label("Who referred").select_option(label="GP")
    # A label with commas in it: the vocabulary files must keep it whole.
    money = "Money issues (debt, benefits, cost of living)"
    choose(page, "Reasons for referral", "Social isolation and loneliness", money)
    choose(page, "Urgency", "Urgent")


def error_summary(page: Page):
    return page.locator(".nhsuk-error-summary")


def test_referral_to_coded_contact_to_entered_in_gp_record(page: Page, live_server, world, axe_check):
    link_worker = world.user("link_worker")
    practice_staff = world.user("practice_staff")
    today = timezone.localdate()
    # A contact a few minutes ago (never in the future, whatever the time of day the suite runs).
    contact_at = timezone.localtime() - timedelta(minutes=10)
    received_on = contact_at.date() - timedelta(days=3)
    due_by = contact_at.date() + timedelta(days=7)
    nhs_number = valid_nhs_number(4242)

    # 1. Sign in as a link worker.
    sign_in(page, link_worker, axe_check)

    # 2. Receive a referral. An empty form first: the error summary must be accessible too.
    page.goto("/referrals/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("New referral")
    axe_check(page, "new referral form")
    page.get_by_role("button", name="Save referral").click()
    expect(error_summary(page)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: New referral"))
    axe_check(page, "new referral form with errors")

    fill_referral(page, nhs_number=nhs_number, received_on=received_on, practice=world.practice)
    page.get_by_role("button", name="Save referral").click()

    expect(page).to_have_url(re.compile(rf"/people/{UUID}(#.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Okafor")
    expect(confirmation(page)).to_contain_text("Referral received for Ada Okafor.")
    person = Person.objects.get(nhs_number=nhs_number)
    referral = Referral.objects.get(person=person)
    assert referral.status == "waiting"
    assert referral.urgency == "urgent"
    assert referral.assigned_to == link_worker
    assert sorted(referral.reasons.values_list("reason", flat=True)) == ["loneliness", "money"]
    axe_check(page, "person page")

    # 3. Record the first contact: the person accepts support, which earns the referral code.
    page.get_by_role("button", name="Record a contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a contact")
    axe_check(page, "contact form")
    fill_date(page, "Date of the contact", contact_at.date())
    page.get_by_label("Time", exact=True).fill(f"{contact_at:%H:%M}")
    choose(page, "How", "Phone")
    page.get_by_label("Duration in minutes").fill("25")
    choose(page, "Did you reach the person?", "Yes")
    choose(page, "Outcome of the conversation", "Accepted support")
    page.get_by_role("button", name="Save contact").click()

    expect(page).to_have_url(re.compile(rf"/people/{person.pk}#episode-{referral.pk}$"))
    expect(confirmation(page)).to_contain_text(
        f"Contact recorded. Code {ACCEPTED_CODE} is on the practice's coding worklist, due by {long_date(due_by)}."
    )
    episode = page.locator(f"#episode-{referral.pk}")
    expect(episode).to_contain_text("Active")
    expect(episode).to_contain_text(f"{ACCEPTED_CODE} Referral to social prescribing service")
    axe_check(page, "person page after the contact")

    # 4. The caseload lists them as active.
    page.get_by_role("banner").get_by_role("link", name="Caseload", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    active = page.get_by_role("table", name="Active", exact=True)
    expect(active.get_by_role("link", name="Ada Okafor")).to_be_visible()
    expect(page.get_by_role("table", name="Waiting for first contact", exact=True)).to_have_count(0)
    axe_check(page, "caseload")

    # 5. Practice staff at the person's practice enter the code in the GP record and mark it entered.
    sign_out(page)
    sign_in(page, practice_staff)
    page.goto("/coding/worklist")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coding worklist")
    to_enter = page.get_by_role("table", name=re.compile(r"^To enter"))
    row = to_enter.get_by_role("row").filter(has_text="Ada Okafor")
    expect(row).to_contain_text(ACCEPTED_CODE)
    expect(row).to_contain_text(long_date(due_by))
    expect(row).to_contain_text(person.formatted_nhs_number)
    axe_check(page, "coding worklist")

    # Nothing ticked: the error summary, linked to the first box (issue 8: it was a note).
    page.get_by_role("button", name="Mark selected as entered").click()
    expect(page).to_have_title(re.compile(r"^Error: Coding worklist"))
    error_summary(page).get_by_role("link", name="Choose at least one code that is still to be entered").click()
    expect(page.get_by_role("checkbox", name=f"Entered: Ada Okafor, {ACCEPTED_CODE}")).to_be_focused()
    axe_check(page, "coding worklist, nothing ticked")
    to_enter = page.get_by_role("table", name=re.compile(r"^To enter"))
    row = to_enter.get_by_role("row").filter(has_text="Ada Okafor")

    row.get_by_role("checkbox", name=f"Entered: Ada Okafor, {ACCEPTED_CODE}").check()
    page.get_by_role("button", name="Mark selected as entered").click()
    expect(confirmation(page)).to_contain_text("Marked 1 code as entered in the GP record.")
    expect(page.get_by_text("Ada Okafor")).to_have_count(0)
    expect(page.get_by_text("Nothing here.")).to_be_visible()

    page.get_by_role("link", name="Entered in the last 90 days").click()
    entered = page.get_by_role("table", name=re.compile(r"^Entered in the last 90 days"))
    row = entered.get_by_role("row").filter(has_text="Ada Okafor")
    expect(row).to_contain_text(ACCEPTED_CODE)
    expect(row).to_contain_text(f"Entered {long_date(today)} by {practice_staff.full_name}")
    axe_check(page, "coding worklist, entered")
    event = CodingEvent.objects.get(referral=referral)
    assert event.status == CodingStatus.ENTERED
    assert event.entered_by == practice_staff


def test_bad_referral_shows_error_summary_and_stores_nothing(page: Page, live_server, world, axe_check):
    sign_in(page, world.user("link_worker"))
    page.goto("/referrals/new")
    future = timezone.localdate() + timedelta(days=10)
    fill_referral(page, nhs_number="9434765918", received_on=future, practice=world.practice)
    page.get_by_role("button", name="Save referral").click()

    expect(page).to_have_title(re.compile(r"^Error: New referral"))
    summary = error_summary(page)
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    nhs_error = summary.get_by_role("link", name=re.compile("not a valid NHS number"))
    date_error = summary.get_by_role("link", name=re.compile("date received must be today or in the past"))
    expect(nhs_error).to_have_attribute("href", "#id_nhs_number")
    expect(date_error).to_have_attribute("href", "#id_received_on_day")
    expect(links.first).to_have_text(re.compile("NHS number"))  # in the order of the fields on the page

    # Each message also sits on its field, and what was typed is kept.
    form = referral_form(page)
    nhs_input = form.get_by_label("NHS number", exact=True)
    expect(nhs_input).to_have_value("9434765918")
    expect(nhs_input).to_have_accessible_description(re.compile("not a valid NHS number"))
    expect(page.get_by_role("group", name="Date the referral was received")).to_contain_text(
        "The date received must be today or in the past"
    )
    # The summary's link takes you to the field.
    nhs_error.click()
    expect(nhs_input).to_be_focused()
    axe_check(page, "new referral form with rule errors")

    assert not Person.objects.exists()
    assert not Referral.objects.exists()
