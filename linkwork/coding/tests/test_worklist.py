import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from linkwork.coding.models import CodingEvent
from linkwork.coding.services import code_raised_by
from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog
from linkwork.referrals.services import ContactDetails, record_contact

LONDON = ZoneInfo("Europe/London")


def accept(referral, user, when):
    event = code_raised_by(
        record_contact(
            referral,
            ContactDetails(
                occurred_at=when, mode="face_to_face", duration_minutes=40, reached=True, outcome="accepted"
            ),
            user=user,
            auditor=Auditor(user),
        )
    )
    return event


@pytest.fixture
def pending_item(world, referral):
    return accept(referral, world.user("link_worker"), datetime(2026, 11, 3, 11, 0, tzinfo=LONDON))


@time_machine.travel(datetime(2026, 11, 8, 9, 0, tzinfo=LONDON))
def test_practice_staff_see_their_practice_items_with_the_template_fields(world, api, pending_item):
    response = api(world.user("practice_staff")).get("/api/v1/coding/worklist")
    assert response.status_code == 200
    [item] = response.json()
    person = pending_item.person
    assert item == {
        "id": str(pending_item.pk),
        "name": person.full_name,
        "postcode": person.postcode,
        "source": "GP",
        "nhs_number": person.nhs_number,
        "gp_practice": "A11111",
        "code": "871731000000106",
        "term": "Referral to social prescribing service (procedure)",
        "contact_date": "2026-11-03",
        "due_by": "2026-11-10",
        "status": "pending",
        "entered_by": None,
        "entered_at": None,
    }
    assert api(world.other_users["practice_staff"]).get("/api/v1/coding/worklist").json() == []


def test_overdue_items_are_marked_overdue(world, api, pending_item):
    with time_machine.travel(datetime(2026, 11, 11, 9, 0, tzinfo=LONDON)):
        items = api(world.user("practice_staff")).get("/api/v1/coding/worklist", {"status": "overdue"}).json()
    assert [i["status"] for i in items] == ["overdue"]
    with time_machine.travel(datetime(2026, 11, 10, 9, 0, tzinfo=LONDON)):
        assert api(world.user("practice_staff")).get("/api/v1/coding/worklist", {"status": "overdue"}).json() == []


@time_machine.travel(datetime(2026, 11, 8, 9, 0, tzinfo=LONDON))
def test_marking_entered_records_who_and_when_once(world, api, pending_item):
    staff = api(world.user("practice_staff"))
    response = staff.post(f"/api/v1/coding/worklist/{pending_item.pk}/entered")
    assert response.status_code == 200
    assert response.json()["status"] == "entered" and response.json()["entered_by"] == "practice_staff@example.nhs.uk"
    pending_item.refresh_from_db()
    assert pending_item.entered_by == world.user("practice_staff") and pending_item.entered_at is not None
    assert staff.get("/api/v1/coding/worklist").json() == []
    assert len(staff.get("/api/v1/coding/worklist", {"status": "entered"}).json()) == 1
    again = staff.post(f"/api/v1/coding/worklist/{pending_item.pk}/entered")
    assert again.status_code == 422 and again.json()["detail"][0]["rule"] == "pending"
    other = api(world.other_users["practice_staff"]).post(f"/api/v1/coding/worklist/{pending_item.pk}/entered")
    assert other.status_code == 404


def test_link_workers_cannot_use_the_worklist(world, api, pending_item):
    client = api(world.user("link_worker"))
    assert client.get("/api/v1/coding/worklist").status_code == 403
    assert client.post(f"/api/v1/coding/worklist/{pending_item.pk}/entered").status_code == 403
    assert CodingEvent.objects.get().status == "pending"


def web_client(user):
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(datetime(2026, 11, 12, 9, 0, tzinfo=LONDON))
def test_worklist_page_shows_overdue_and_marks_entered(world, pending_item):
    client = web_client(world.user("practice_staff"))
    page = client.get("/coding/worklist")
    html = page.content.decode()
    assert page.status_code == 200
    assert "871731000000106" in html and "Overdue" in html and pending_item.person.full_name in html
    assert AuditLog.objects.filter(what="coding_worklist", action="view", person_id=pending_item.person_id).exists()
    done = client.post("/coding/worklist/entered", {"items": [str(pending_item.pk), "not-a-uuid"]}, follow=True)
    assert "Marked 1 code as entered" in done.content.decode()
    pending_item.refresh_from_db()
    assert pending_item.status == "entered"


@time_machine.travel(datetime(2026, 11, 8, 9, 0, tzinfo=LONDON))
def test_csv_download_has_the_manual_coding_template_columns_and_is_audited(world, pending_item):
    response = web_client(world.user("practice_staff")).get("/coding/worklist.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Name",
        "Postcode",
        "Source",
        "NHS number",
        "GP practice",
        "Referral code",
        "Term",
        "Contact date",
        "Due by",
        "Status",
    ]
    assert (
        rows[1][3] == pending_item.person.nhs_number and rows[1][5] == "871731000000106" and rows[1][8] == "2026-11-10"
    )
    export = AuditLog.objects.get(action="export", what="coding_worklist_csv")
    assert export.detail["rows"] == 1 and export.detail["people"] == [str(pending_item.person_id)]


def test_csv_cells_cannot_start_a_spreadsheet_formula(world, pending_item):
    person = pending_item.person
    person.given_name = '=HYPERLINK("http://evil")'
    person.save()
    response = web_client(world.user("practice_staff")).get("/coding/worklist.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0].startswith("'=HYPERLINK")
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in rows[1])


def test_due_date_is_a_week_after_the_contact_date_across_month_and_year_ends(world, referral):
    event = accept(referral, world.user("link_worker"), datetime(2026, 10, 28, 16, 0, tzinfo=LONDON))
    assert event.due_by == date(2026, 11, 4) == event.contact_date + timedelta(days=7)


@time_machine.travel(datetime(2026, 11, 12, 9, 0, tzinfo=LONDON))
def test_marking_nothing_entered_is_an_error_summary_linked_to_the_first_box(world, pending_item):
    """Issue 8: nothing ticked came back as a note above the list; it is the NHS.UK error summary, linked to the
    field, on the worklist the user was on."""
    client = web_client(world.user("practice_staff"))
    response = client.post("/coding/worklist/entered", {"show": "overdue"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Coding worklist" in html
    summary = html[html.index("nhsuk-error-summary") : html.index("<h1")]
    assert "There is a problem" in summary and f'href="#item-{pending_item.pk}"' in summary
    assert "Choose at least one code that is still to be entered" in summary
    assert 'class="nhsuk-error-message"' in html and f'id="item-{pending_item.pk}"' in html
    assert 'aria-current="page">Overdue' in html  # the same view of the list
    assert "nhsuk-inset-text" not in html
    pending_item.refresh_from_db()
    assert pending_item.status == "pending"


@time_machine.travel(datetime(2026, 11, 12, 9, 0, tzinfo=LONDON))
def test_marking_entered_confirms_with_the_success_banner(world, pending_item):
    client = web_client(world.user("practice_staff"))
    done = client.post("/coding/worklist/entered", {"items": [str(pending_item.pk)]}, follow=True)
    html = done.content.decode()
    banner = html[html.index("nhsuk-notification-banner--success") :]
    assert "Marked 1 code as entered in the GP record." in banner[: banner.index("<h1")]
