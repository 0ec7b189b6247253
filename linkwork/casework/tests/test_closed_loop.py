"""The closed loop shows one truth (issue 8): once the service has accepted a connection and reported that the person
engaged, with the day of their first session, no page and no API answer says the link worker is still waiting, the
connection leaves "connections to follow up", and the history shows the engagement report."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from linkwork.accounts.tests.factories import token_for
from linkwork.connections.models import Connection
from linkwork.connections.tests.factories import connect, connectable_service
from linkwork.referrals.tests.factories import ReferralFactory

LONDON = ZoneInfo("Europe/London")
SENT = datetime(2026, 11, 20, 10, 0, tzinfo=LONDON)
ACCEPTED = datetime(2026, 11, 23, 11, 0, tzinfo=LONDON)
REPORTED = datetime(2026, 12, 1, 15, 0, tzinfo=LONDON)
FIRST_SEEN = date(2026, 11, 28)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def split_date(name, d):
    return {f"{name}_day": d.day, f"{name}_month": d.month, f"{name}_year": d.year}


def episode_connections_html(client, connection) -> str:
    """The connections section of the person's page (the episode's card from its heading to the codes)."""
    html = client.get(f"/people/{connection.person_id}").content.decode()
    start = html.index(f'id="connections-{connection.referral_id}"')
    return html[start : html.index("Codes for the GP record", start)]


@pytest.fixture
def sent(world, person):
    lw = world.user("link_worker")
    referral = ReferralFactory(person=person, status="active", assigned_to=lw)
    with time_machine.travel(SENT):
        service = connectable_service(world.vcse, world.pcn, name="Knit and natter")
        return connect(referral, lw, service)[0]


def test_accepted_then_engaged_with_a_first_session_is_not_waiting_anywhere(world, sent):
    lw, partner = world.user("link_worker"), world.user("vcse_partner")
    service_side = signed_in(partner)
    with time_machine.travel(ACCEPTED):
        response = service_side.post(f"/connections/{sent.pk}/status", {"status": "accepted"})
        assert response.status_code == 302
    with time_machine.travel(REPORTED):
        # Before the report the link worker is waiting on the service: the page flags it and the list holds it.
        waiting = episode_connections_html(signed_in(lw), sent)
        assert "Still waiting" in waiting
        assert sent.service.name in signed_in(lw).get("/connections/follow-up").content.decode()

        response = service_side.post(
            f"/connections/{sent.pk}/engagement",
            {"engagement": "engaged", **split_date("first_seen_on", FIRST_SEEN), "outcome": "Came and stayed for tea"},
        )
        assert response.status_code == 302

        sent.refresh_from_db()
        # The service has taken the person on: their first session moves the connection on (ADR 0050).
        assert (sent.status, sent.engagement, sent.first_seen_on) == ("in-progress", "engaged", FIRST_SEEN)

        link_worker = signed_in(lw)
        section = episode_connections_html(link_worker, sent)
        assert "Still waiting" not in section and "Not known if they went" not in section
        assert "In progress" in section and "First seen 28 November 2026" in section
        follow_up = link_worker.get("/connections/follow-up").content.decode()
        assert sent.service.name not in follow_up and "Nothing to follow up." in follow_up

        api = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(lw)}")
        answer = api.get(f"/api/v1/connections/{sent.pk}").json()
        assert (answer["status"], answer["needs_follow_up"], answer["days_waited"]) == ("in-progress", False, 8)

        # The discharge form does not warn that the service has not seen them.
        discharge = link_worker.get(f"/referrals/{sent.referral_id}/discharge").content.decode()
        assert "Not yet seen by" not in discharge

        # The history, on the partner's page and the person's page, shows the engagement report.
        partner_page = service_side.get(f"/partner/connections/{sent.pk}").content.decode()
        history = partner_page[partner_page.index("<h2>History</h2>") :]
        assert re.search(r"Engagement reported.*Engaged", history, re.S)
        assert "First session 28 November 2026" in history
        assert "Engagement reported" in section and "First session 28 November 2026" in section


def test_the_link_worker_reporting_engagement_clears_the_waiting_flag_but_not_the_services_status(world, sent):
    """ADR 0007: the link worker records what the service said through engagement, never the service's statuses."""
    lw = world.user("link_worker")
    with time_machine.travel(REPORTED):
        response = signed_in(lw).post(
            f"/connections/{sent.pk}/engagement", {"engagement": "engaged", **split_date("first_seen_on", FIRST_SEEN)}
        )
        assert response.status_code == 302
        sent.refresh_from_db()
        assert (sent.status, sent.engagement) == ("requested", "engaged")
        assert list(sent.status_changes.values_list("to_status", flat=True)) == ["requested"]
        section = episode_connections_html(signed_in(lw), sent)
        assert "Still waiting" not in section
        assert not Connection.objects.filter(pk=sent.pk, id__in=follow_up_ids(lw)).exists()


def follow_up_ids(user):
    from linkwork.connections.services import follow_up

    return follow_up(user).values("id")


def test_engaged_without_a_date_never_reads_not_seen(world, sent):
    """Engaged but the service gave no date: the days waited are unknown, not "Not seen yet"."""
    partner = world.user("vcse_partner")
    with time_machine.travel(REPORTED):
        signed_in(partner).post(f"/connections/{sent.pk}/engagement", {"engagement": "engaged"})
        section = episode_connections_html(signed_in(world.user("link_worker")), sent)
    assert "Not seen yet" not in section and "Still waiting" not in section
    assert "Date of first session not given" in section
