"""Dates default to today where a user would expect it (issue 8): the contact, the discharge, the referral received
and a measure taken are nearly always recorded the same day. The first session a service reports does not: a blank
there means the person has not been yet, and a default would claim a session that never happened."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from linkwork.connections.tests.factories import connect, connectable_service
from linkwork.referrals.tests.factories import ReferralFactory

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("Europe/London"))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def date_shown(html: str, name: str) -> tuple[str, str, str]:
    return tuple(
        re.search(rf'id="id_{name}_{part}"[^>]*value="([^"]*)"', html, re.S)[1] for part in ("day", "month", "year")
    )


@pytest.fixture
def active(world, person):
    return ReferralFactory(person=person, status="active", assigned_to=world.user("link_worker"))


@time_machine.travel(NOW)
@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/referrals/{referral}/contacts/new", "occurred_on"),
        ("/referrals/{referral}/discharge", "discharged_on"),
        ("/referrals/new", "received_on"),
        ("/referrals/{referral}/measures/new?instrument=ons4", "taken_on"),
    ],
)
def test_these_dates_start_at_today(world, active, path, field):
    html = signed_in(world.user("link_worker")).get(path.format(referral=active.pk)).content.decode()
    assert date_shown(html, field) == ("20", "11", "2026")


@time_machine.travel(NOW)
def test_what_was_typed_wins_over_today(world, active):
    response = signed_in(world.user("link_worker")).post(
        f"/referrals/{active.pk}/discharge",
        {"discharged_on_day": "3", "discharged_on_month": "", "discharged_on_year": ""},
    )
    assert date_shown(response.content.decode(), "discharged_on") == ("3", "", "")


@time_machine.travel(NOW)
def test_the_first_session_is_never_assumed(world, active):
    lw = world.user("link_worker")
    sent = connect(active, lw, connectable_service(world.vcse, world.pcn))[0]
    html = signed_in(world.user("vcse_partner")).get(f"/connections/{sent.pk}/engagement").content.decode()
    assert date_shown(html, "first_seen_on") == ("", "", "")
