"""The referral pages: a new referral (finding a known person by NHS number) and the referrals practice staff made."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client

from linkwork.core.models import AuditLog
from linkwork.people.models import Person
from linkwork.people.tests.factories import PersonFactory, valid_nhs_number
from linkwork.referrals.models import Referral

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=LONDON)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def split_date(name, d):
    return {f"{name}_day": d.day, f"{name}_month": d.month, f"{name}_year": d.year}


def referral_form(world, **overrides):
    data = {
        "nhs_number": valid_nhs_number(77),
        "given_name": "Grace",
        "family_name": "Hopper",
        **split_date("birth_date", date(1950, 1, 2)),
        "sex": "female",
        "postcode": "ls1 4ap",
        "gp_practice": world.practice.code,
        **split_date("received_on", date(2026, 11, 18)),
        "referrer_type": "pharmacy",
        "reasons": ["loneliness", "money"],
        "urgency": "urgent",
        "context": "Lives alone since June",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW)
def test_new_referral_form_creates_person_and_episode(world):
    client = signed_in(world.user("link_worker"))
    assert client.get("/referrals/new").status_code == 200
    response = client.post("/referrals/new", referral_form(world))
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}"
    referral = Referral.objects.get()
    assert (
        referral.urgency == "urgent"
        and referral.referrer_type == "pharmacy"
        and referral.context == "Lives alone since June"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Grace Hopper" in page and "Pharmacy" in page and "Social isolation and loneliness" in page


@time_machine.travel(NOW)
def test_new_referral_form_shows_errors_by_field_and_stores_nothing(world):
    client = signed_in(world.user("link_worker"))
    response = client.post(
        "/referrals/new",
        referral_form(world, nhs_number="9434765918", **split_date("received_on", date(2026, 12, 25)), reasons=[]),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "check digit (modulus 11)" in html
    assert "The date received must be today or in the past" in html
    assert 'href="#id_nhs_number"' in html and 'href="#id_received_on_day"' in html
    assert Person.objects.count() == 0 and Referral.objects.count() == 0


@time_machine.travel(NOW)
def test_find_by_nhs_number_prefills_a_known_person(world):
    known = PersonFactory(gp_practice=world.practice, given_name="Known", family_name="Person")
    client = signed_in(world.user("link_worker"))
    html = client.get("/referrals/new", {"nhs_number": known.nhs_number}).content.decode()
    assert "already known to your PCN" in html and 'value="Known"' in html
    assert AuditLog.objects.filter(what="person", action="view", person_id=known.pk).exists()
    stranger = PersonFactory(gp_practice=world.other_practice, given_name="Hidden")
    html = client.get("/referrals/new", {"nhs_number": stranger.nhs_number}).content.decode()
    assert "No one with this NHS number is known to your PCN" in html and "Hidden" not in html
