"""The quality assurance pages through HTTP as each role: the overview (due and overdue first), an organisation's
record and history, and each form: prompt sheet, agreement, change of leadership, catch-up, exception."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from linkwork.community.models import Agreement, AgreementException, CatchUp, ConfidenceSurvey, QualityAssessment
from linkwork.community.quality import presenters
from linkwork.community.tests.factories import ServiceFactory, make_agreement
from linkwork.organisations.tests.factories import OrganisationFactory

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


def in_order(body: str, *texts: str) -> bool:
    positions = [body.index(text) for text in texts]
    return positions == sorted(positions)


def all_in_order(organisation, pcn, signed_on):
    """An agreement, a catch-up and a survey, all recent."""
    make_agreement(organisation, pcn, signed_on)
    CatchUp.objects.create(organisation=organisation, pcn=pcn, held_on=date(2026, 10, 1))
    ConfidenceSurvey.objects.create(
        organisation=organisation, answered_on=date(2026, 10, 1), via="web", coped_well="agree"
    )


@pytest.fixture
def menu(world):
    """Good Neighbours all in order; an allotment group whose agreement has lapsed; a bowls club due for review; a
    new charity listed in the directory with nothing yet; a council service only the other PCN works with."""
    all_in_order(world.vcse, world.pcn, date(2026, 6, 1))
    allotment = OrganisationFactory(kind="community_group", name="Allotment friends", parent=world.icb)
    all_in_order(allotment, world.pcn, date(2025, 11, 1))  # review was due 1 November 2026
    bowls = OrganisationFactory(kind="community_group", name="Bowls club", parent=world.icb)
    all_in_order(bowls, world.pcn, date(2025, 12, 10))  # review due 10 December 2026
    charity = OrganisationFactory(kind="vcse", name="Carers together", parent=world.icb)
    ServiceFactory(organisation=charity, name="Carers' cafe")
    council = OrganisationFactory(kind="statutory", name="Council welfare rights", parent=world.icb)
    make_agreement(council, world.other_pcn, date(2026, 6, 1))
    return {"allotment": allotment, "bowls": bowls, "charity": charity, "council": council}


def test_the_overview_lists_due_and_overdue_first(world, menu):
    response = signed_in(world.user("link_worker")).get("/quality")
    body = response.content.decode()
    assert response.status_code == 200
    assert in_order(body, "Allotment friends", "Carers together", "Bowls club", "Good Neighbours")
    assert "Council welfare rights" not in body  # only the other PCN works with it
    assert "Review overdue or lapsed" in body and "Review due" in body and "No agreement" in body
    assert "3 need attention" in body
    rows = presenters.standings(world.pcn.pk, date(2026, 11, 20))
    assert [(r.organisation.name, r.agreement_state, r.attention) for r in rows] == [
        ("Allotment friends", "overdue", 0),
        ("Carers together", "none", 0),  # never caught up with nor surveyed: overdue too
        ("Bowls club", "due", 1),
        ("Good Neighbours", "current", 3),
    ]


def test_the_overview_shows_an_exception_in_force(world, menu):
    AgreementException.objects.create(
        organisation=menu["allotment"], pcn=world.pcn, reason="Review booked", granted_on=date(2026, 11, 2)
    )
    body = signed_in(world.user("pcn_manager")).get("/quality").content.decode()
    assert "Exception in force" in body


@pytest.mark.parametrize("role", ["practice_staff", "vcse_partner", "commissioner", "admin"])
def test_only_pcn_roles_see_quality_assurance(world, role):
    client = signed_in(world.user(role))
    assert client.get("/quality").status_code == 403
    assert client.get(f"/quality/organisations/{world.vcse.pk}").status_code == 403


def test_the_organisation_page_shows_the_history_and_what_the_role_may_record(world, menu):
    lw = signed_in(world.user("link_worker"))
    body = lw.get(f"/quality/organisations/{menu['allotment'].pk}").content.decode()
    assert "Link workers cannot connect people here yet" in body
    assert "Helen Brooks, 1 November 2025" in body and "1 October 2026" in body
    assert "Record a change of leadership" in body and "Enter confidence survey answers taken by phone" in body
    assert "Allow connections without a current agreement" not in body
    manager_body = signed_in(world.user("pcn_manager")).get(f"/quality/organisations/{menu['allotment'].pk}")
    assert "Allow connections without a current agreement" in manager_body.content.decode()
    supervisor_body = signed_in(world.user("gp_supervisor")).get(f"/quality/organisations/{world.vcse.pk}")
    assert "Enter confidence survey answers taken by phone" not in supervisor_body.content.decode()


def test_organisations_that_take_no_referrals_have_no_quality_page(world):
    client = signed_in(world.user("link_worker"))
    assert client.get(f"/quality/organisations/{world.practice.pk}").status_code == 404
    assert client.get(f"/quality/organisations/{world.pcn.pk}/catch-ups/new").status_code == 404


def test_the_prompt_sheet_page_is_drawn_from_the_data_file(world, menu):
    client = signed_in(world.user("link_worker"))
    body = client.get(f"/quality/organisations/{world.vcse.pk}/assessments/new").content.decode()
    assert "Prompt sheet 1: VCSE service provider organisations" in body
    assert "Public liability insurance certificate: received?" in body
    assert "DBS checks, training records, lone working risk assessments" in body
    assert "Use the sheet for small volunteer-led community groups instead" in body
    group = client.get(f"/quality/organisations/{menu['allotment'].pk}/assessments/new").content.decode()
    assert "Prompt sheet 2: small volunteer-led community groups" in group and "Constitution: received?" in group
    chosen = client.get(f"/quality/organisations/{menu['allotment'].pk}/assessments/new?sheet=vcse_provider")
    assert "Prompt sheet 1" in chosen.content.decode() and "This is not the usual sheet" in chosen.content.decode()
    assert client.get(f"/quality/organisations/{world.vcse.pk}/assessments/new?sheet=nope").status_code == 404


def test_working_through_a_prompt_sheet(world, menu):
    client = signed_in(world.user("link_worker"))
    url = f"/quality/organisations/{menu['allotment'].pk}/assessments/new"
    problems = client.post(url, {"doc_constitution": "yes", "confident": "no"})
    body = problems.content.decode()
    assert problems.status_code == 200 and "There is a problem" in body
    assert "Say whether the financial accounts or a bank account was received" in body
    assert "Write the actions agreed with the organisation" in body
    assert not QualityAssessment.objects.exists()
    response = client.post(
        url,
        {
            "doc_constitution": "yes",
            "doc_bank_account": "no",
            "check_insurance_notes": "Meets in the church hall, which is insured",
            "check_safeguarding_evidence": "Named lead: Sue",
            "confident": "no",
            "actions_agreed": "Open a bank account by March",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/quality/organisations/{menu['allotment'].pk}"
    assessment = QualityAssessment.objects.get()
    assert assessment.documents == {"constitution": True, "bank_account": False}
    assert assessment.checks["insurance"]["notes"] == "Meets in the church hall, which is insured"
    assert assessment.checks["safeguarding"] == {"notes": "", "evidence": "Named lead: Sue"}
    assert assessment.confident is False and assessment.pcn == world.pcn
    page = client.get(response["Location"]).content.decode()
    assert "not confident: referred to the PCN line manager" in page and "Open a bank account by March" in page


def test_signing_an_agreement_through_the_page(world, menu):
    client = signed_in(world.user("link_worker"))
    charity = menu["charity"]
    QualityAssessment.objects.create(  # a prompt sheet worked through first, confident
        organisation=charity, pcn=world.pcn, sheet="vcse_provider", assessed_on=date(2026, 11, 2), confident=True
    )
    form = client.get(f"/quality/organisations/{charity.pk}/agreements/new").content.decode()
    assert "Signed for the PCN by" in form and "Prompt sheet used" in form
    data = {
        "sheet": "vcse_provider",
        "assessment": "",
        "pcn_signatory": "Helen Brooks",
        "organisation_signatory": "Maya Green",
        **split_date("pcn_signed_on", date(2026, 11, 19)),
        **split_date("organisation_signed_on", date(2026, 11, 20)),
    }
    response = client.post(f"/quality/organisations/{charity.pk}/agreements/new", data)
    assert response.status_code == 302
    agreement = Agreement.objects.get(organisation=charity)
    assert agreement.review_due_on == date(2027, 11, 20) and agreement.pcn == world.pcn
    page = client.get(response["Location"]).content.decode()
    assert "Review it by 20 November 2027" in page and "Agreement current" in page
    future = client.post(
        f"/quality/organisations/{charity.pk}/agreements/new",
        {**data, **split_date("organisation_signed_on", date(2026, 12, 1))},
    )
    assert "The date the organisation signed must be today or in the past" in future.content.decode()


def test_recording_a_change_of_leadership_lapses_the_agreement(world, menu):
    client = signed_in(world.user("link_worker"))
    url = f"/quality/organisations/{world.vcse.pk}/leadership-change"
    response = client.post(url, split_date("changed_on", date(2026, 11, 19)))
    assert response.status_code == 302
    assert not presenters.may_connect(world.vcse.pk, world.pcn.pk, date(2026, 11, 20)).allowed
    page = client.get(response["Location"]).content.decode()
    assert "The leadership changed on 19 November 2026: sign a new agreement." in page
    nothing = client.get(f"/quality/organisations/{menu['charity'].pk}/leadership-change").content.decode()
    assert "There is no agreement to connect with this organisation yet." in nothing


def test_recording_a_catch_up(world, menu):
    client = signed_in(world.user("care_coordinator"))
    url = f"/quality/organisations/{menu['charity'].pk}/catch-ups/new"
    response = client.post(url, {**split_date("held_on", date(2026, 11, 18)), "notes": "Cafe is full on Mondays"})
    assert response.status_code == 302
    catch_up = CatchUp.objects.get(organisation=menu["charity"])
    assert (catch_up.held_on, catch_up.notes) == (date(2026, 11, 18), "Cafe is full on Mondays")
    assert "next by 18 May 2027" in client.get(response["Location"]).content.decode()


def test_only_a_pcn_manager_records_an_exception_through_the_page(world, menu):
    url = f"/quality/organisations/{menu['allotment'].pk}/exceptions/new"
    lw = signed_in(world.user("link_worker"))
    assert lw.get(url).status_code == 403
    assert lw.post(url, {"reason": "Trusted"}).status_code == 403
    manager = signed_in(world.user("pcn_manager"))
    missing = manager.post(url, {"reason": ""})
    assert "Give the reason for allowing connections" in missing.content.decode()
    response = manager.post(url, {"reason": "New chair; review booked", **split_date("expires_on", date(2027, 1, 31))})
    assert response.status_code == 302
    exception = AgreementException.objects.get()
    assert exception.created_by == world.user("pcn_manager") and exception.expires_on == date(2027, 1, 31)
    assert presenters.may_connect(menu["allotment"].pk, world.pcn.pk, date(2026, 11, 20)).allowed
    page = lw.get(response["Location"]).content.decode()
    assert "granted by" in page and "New chair; review booked" in page


def test_the_phone_survey_page_is_for_link_workers_and_pcn_managers(world):
    url = f"/quality/organisations/{world.vcse.pk}/surveys/new"
    for role, status in [("link_worker", 200), ("pcn_manager", 200), ("gp_supervisor", 403), ("vcse_partner", 403)]:
        assert signed_in(world.user(role)).get(url).status_code == status, role
