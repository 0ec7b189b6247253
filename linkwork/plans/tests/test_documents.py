"""The person's own copy: the print view and the PDF say the same, in the person's words, with nothing for staff
only, and producing either is audited as an export."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from linkwork.core.models import AuditLog
from linkwork.plans.tests.factories import SECTIONS, add_goal, make_plan
from linkwork.referrals.models import ReferralReason

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
pytestmark = pytest.mark.usefixtures("frozen_now")

# What the person's copy must never show: codes, and words only staff use or need.
SNOMED_CODES = ("871731000000106", "871711000000103", "871691000000100")
STAFF_ONLY = ("SNOMED", "episode", "caseload", "PCN", "Urgent", "not_started", "in_progress", "Version", "referral")


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def plan(referral, world):
    lw = world.user("link_worker")
    referral.assigned_to = lw
    referral.urgency = "urgent"
    referral.context = "Referrer notes: lives alone, low mood since spring"
    referral.save()
    ReferralReason.objects.create(referral=referral, reason="money")
    plan = make_plan(referral, lw)
    add_goal(
        plan, lw, description="Join the Tuesday walking group", progress="achieved", progress_on=date(2026, 11, 18)
    )
    add_goal(plan, lw, description="Sort out the gas bill with Citizens Advice", progress="in_progress")
    return plan


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    """Text extracted from a PDF breaks lines where the page did: compare on single spaces."""
    return re.sub(r"\s+", " ", text)


def test_the_pdf_holds_the_persons_words_goals_and_review_date_and_nothing_for_staff(plan, world):
    response = signed_in(world.user("link_worker")).get(f"/referrals/{plan.referral_id}/care-plan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = squash(pdf_text(response.content))
    person = plan.referral.person
    assert "My care and support plan" in text and person.full_name in text
    for line in SECTIONS["what_matters"].splitlines():
        assert squash(line) in text
    assert squash(SECTIONS["support"]) in text and squash(SECTIONS["self_support"]) in text
    assert "Join the Tuesday walking group" in text and "Achieved (since 18 November 2026)" in text
    assert "Sort out the gas bill with Citizens Advice" in text and "In progress" in text
    assert "Tuesday 1 December 2026" in text  # the review date
    assert "1. What matters to me" in text and "Part two: after about six months" in text
    for code in SNOMED_CODES:
        assert code not in text
    for term in STAFF_ONLY:
        assert term.lower() not in text.lower(), term
    assert "lives alone, low mood" not in text and "Money issues" not in text  # the referrer's words stay inside


def test_the_pdf_is_tagged_with_its_language_and_title(plan, world):
    content = signed_in(world.user("link_worker")).get(f"/referrals/{plan.referral_id}/care-plan.pdf").content
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == f"My care and support plan \N{EN DASH} {plan.referral.person.full_name}"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_the_print_view_matches_and_works_without_the_staff_pages_around_it(plan, world):
    html = signed_in(world.user("link_worker")).get(f"/referrals/{plan.referral_id}/care-plan/print").content.decode()
    assert '<html lang="en-GB"' in html and "<title>My care and support plan" in html
    assert "My grandchildren. Getting out to the allotment on Sundays.\nNot feeling alone in the evenings." in html
    assert "Join the Tuesday walking group" in html and "Tuesday 1 December 2026" in html
    assert f"/referrals/{plan.referral_id}/care-plan.pdf" in html
    assert "Sign out" not in html  # the person's copy, not a staff page
    body = re.sub(r"<(style|nav)[^>]*>.*?</\1>", "", html, flags=re.S)
    for code in SNOMED_CODES:
        assert code not in body
    for term in STAFF_ONLY:
        assert term.lower() not in body.lower(), term


def test_part_two_shows_once_filled_in(plan, world):
    lw = world.user("link_worker")
    client = signed_in(lw)
    html = client.get(f"/referrals/{plan.referral_id}/care-plan/print").content.decode()
    assert "We will fill this in together after about six months, from around 20 May 2027." in html
    client.post(
        f"/referrals/{plan.referral_id}/care-plan/part-two", {"changes": "I sleep better.", "share_story": "yes"}
    )
    html = client.get(f"/referrals/{plan.referral_id}/care-plan/print").content.decode()
    assert "I sleep better." in html and "9. I am happy to share my personal story" in html
    assert "Not asked yet" in html  # questions 10 and 11


def test_each_copy_is_audited_as_an_export_of_the_persons_record(plan, world):
    client = signed_in(world.user("gp_supervisor"))
    client.get(f"/referrals/{plan.referral_id}/care-plan/print")
    client.get(f"/referrals/{plan.referral_id}/care-plan.pdf")
    rows = AuditLog.objects.filter(action="export", what="care_plan").order_by("at")
    assert [(r.detail["format"], r.person_id, r.object_id, r.actor) for r in rows] == [
        ("html", plan.referral.person_id, str(plan.pk), world.user("gp_supervisor")),
        ("pdf", plan.referral.person_id, str(plan.pk), world.user("gp_supervisor")),
    ]


def test_no_plan_no_copy(referral, world):
    client = signed_in(world.user("link_worker"))
    assert client.get(f"/referrals/{referral.pk}/care-plan/print").status_code == 404
    assert client.get(f"/referrals/{referral.pk}/care-plan.pdf").status_code == 404
    assert not AuditLog.objects.filter(action="export").exists()


@pytest.mark.parametrize("role", ["practice_staff", "vcse_partner", "commissioner", "admin"])
def test_roles_outside_the_pcn_get_no_copy(plan, world, role):
    client = signed_in(world.user(role))
    assert client.get(f"/referrals/{plan.referral_id}/care-plan.pdf").status_code == 403
    assert client.get(f"/referrals/{plan.referral_id}/care-plan/print").status_code == 403
    assert not AuditLog.objects.filter(action="export").exists()
