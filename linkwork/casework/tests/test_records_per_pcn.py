"""A person is one PCN's business (ADR 0009): each PCN holds its own record, found by NHS number within the PCN.
Nothing another PCN recorded is changed, revealed or reachable, and no answer tells whether it exists."""

from datetime import date

import pytest

from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.organisations.tests.factories import make_practice
from linkwork.people.models import Person
from linkwork.people.services import PersonDetails, practices_within_reach, register_person
from linkwork.people.tests.factories import PersonFactory, valid_nhs_number
from linkwork.referrals.tests.factories import ReferralFactory

NHS_NUMBER = valid_nhs_number(5150)


def body(world_practice_code, **overrides):
    return {
        "nhs_number": NHS_NUMBER,
        "given_name": "Ann",
        "family_name": "Smith",
        "birth_date": "1950-02-03",
        "sex": "female",
        "postcode": "LS1 4AP",
        "gp_practice": world_practice_code,
        **overrides,
    }


@pytest.fixture
def theirs(world):
    """The other PCN's record of the person, with an episode."""
    person = PersonFactory(
        nhs_number=NHS_NUMBER,
        given_name="Annie",
        family_name="Jones",
        postcode="LS9 8AB",
        gp_practice=world.other_practice,
    )
    ReferralFactory(person=person)
    return person


def test_registering_a_number_another_pcn_holds_creates_our_own_record_and_leaves_theirs(world, api, theirs):
    before = Person.objects.values().get(pk=theirs.pk)
    answer = api(world.user("link_worker")).post("/api/v1/people", body(world.practice.code))
    assert answer.status_code == 201, answer.content
    ours = Person.objects.get(pk=answer.json()["id"])
    assert ours != theirs and ours.pcn == world.pcn and ours.given_name == "Ann"
    assert Person.objects.values().get(pk=theirs.pk) == before


def test_the_answer_is_the_same_whether_or_not_another_pcn_knows_the_number(world, api, theirs):
    client = api(world.user("link_worker"))
    known_elsewhere = client.post("/api/v1/people", body(world.practice.code))
    unknown = client.post("/api/v1/people", body(world.practice.code, nhs_number=valid_nhs_number(5151)))
    assert known_elsewhere.status_code == unknown.status_code == 201
    a, b = known_elsewhere.json(), unknown.json()
    assert set(a) == set(b)
    assert {k: v for k, v in a.items() if k not in ("id", "nhs_number")} == {
        k: v for k, v in b.items() if k not in ("id", "nhs_number")
    }


def test_another_pcns_record_is_not_reachable_by_id_list_or_referral(world, api, theirs):
    client = api(world.user("link_worker"))
    assert client.get(f"/api/v1/people/{theirs.pk}").status_code == 404
    assert client.get("/api/v1/people", {"nhs_number": NHS_NUMBER}).json()["items"] == []
    referral = {"person": str(theirs.pk), "received_on": "2026-11-02", "referrer_type": "gp", "reasons": ["loneliness"]}
    assert client.post("/api/v1/referrals", referral).status_code == 404
    assert client.get(f"/api/v1/people/{theirs.pk}/measures").status_code == 404


def test_a_second_registration_in_the_pcn_updates_its_own_record(world, api):
    client = api(world.user("link_worker"))
    first = client.post("/api/v1/people", body(world.practice.code))
    again = client.post("/api/v1/people", body(world.practice.code, postcode="LS2 7EE"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["postcode"] == "LS2 7EE"
    assert Person.objects.filter(nhs_number=NHS_NUMBER).count() == 1


def test_the_new_referral_form_never_finds_or_changes_another_pcns_record(world, client, theirs):
    client.force_login(world.user("link_worker"))
    page = client.get("/referrals/new", {"nhs_number": NHS_NUMBER}).content.decode()
    assert "Annie" not in page and "LS9 8AB" not in page
    before = Person.objects.values().get(pk=theirs.pk)
    data = {
        "nhs_number": NHS_NUMBER,
        "given_name": "Ann",
        "family_name": "Smith",
        "birth_date_day": "3",
        "birth_date_month": "2",
        "birth_date_year": "1950",
        "sex": "female",
        "postcode": "LS1 4AP",
        "gp_practice": world.practice.code,
        "received_on_day": "2",
        "received_on_month": "11",
        "received_on_year": "2026",
        "referrer_type": "gp",
        "reasons": ["loneliness"],
        "urgency": "routine",
    }
    assert client.post("/referrals/new", data).status_code == 302
    ours = Person.objects.get(pcn=world.pcn, nhs_number=NHS_NUMBER)
    assert ours.referrals.get().pcn == world.pcn
    assert Person.objects.values().get(pk=theirs.pk) == before


def test_a_person_who_moves_to_another_pcn(world, api):
    """What stays with the old PCN: its record, with the practice they were last registered at, and its episodes,
    which it still sees. What the new PCN sees: only what it records itself. The old PCN cannot register the
    person at a practice of the new one."""
    old_client, new_client = api(world.user("link_worker")), api(world.other_users["link_worker"])
    old = old_client.post("/api/v1/people", body(world.practice.code)).json()
    episode = {"person": old["id"], "received_on": "2026-10-01", "referrer_type": "gp", "reasons": ["housing"]}
    assert old_client.post("/api/v1/referrals", episode).status_code == 201

    moved = new_client.post("/api/v1/people", body(world.other_practice.code, postcode="LS9 8AB"))
    assert moved.status_code == 201 and moved.json()["id"] != old["id"]
    assert new_client.get("/api/v1/referrals", {"person": moved.json()["id"]}).json()["items"] == []

    kept = old_client.get(f"/api/v1/people/{old['id']}").json()
    assert (kept["gp_practice"], kept["postcode"]) == (world.practice.code, "LS1 4AP")
    assert len(old_client.get("/api/v1/referrals", {"person": old["id"]}).json()["items"]) == 1
    refused = old_client.post("/api/v1/people", body(world.other_practice.code))
    assert refused.status_code == 422 and refused.json()["detail"][0]["rule"] == "within_reach"


def test_moving_between_practices_of_one_pcn_updates_its_record(world):
    second = make_practice("A11112", world.pcn)
    user = world.user("link_worker")
    details = PersonDetails(NHS_NUMBER, "Ann", "Smith", date(1950, 2, 3), "female", "LS1 4AP", world.practice.code)
    person, _ = register_person(details, practices=practices_within_reach(user), auditor=Auditor(user))
    moved = PersonDetails(**{**details.__dict__, "gp_practice": second.code})
    again, created = register_person(moved, practices=practices_within_reach(user), auditor=Auditor(user))
    assert again == person and not created and again.gp_practice == second and again.pcn == world.pcn


def test_a_practice_outside_the_callers_reach_is_refused(world):
    user = world.user("practice_staff")
    details = PersonDetails(
        NHS_NUMBER, "Ann", "Smith", date(1950, 2, 3), "female", "LS1 4AP", world.other_practice.code
    )
    with pytest.raises(RuleViolation) as refused:
        register_person(details, practices=practices_within_reach(user), auditor=Auditor(user))
    assert refused.value.errors[0].rule == "within_reach"
    assert not Person.objects.exists()


def test_full_width_digits_are_refused_not_stored_as_typed(world, api):
    full_width = "".join(chr(0xFF10 + int(d)) for d in NHS_NUMBER)
    answer = api(world.user("link_worker")).post("/api/v1/people", body(world.practice.code, nhs_number=full_width))
    assert answer.status_code == 422 and answer.json()["detail"][0] == {
        "field": "nhs_number",
        "rule": "format",
        "message": "an NHS number is 10 digits, 0 to 9",
    }
    assert not Person.objects.exists()


def test_the_production_settings_refuse_a_test_patients_number(world, api, settings):
    settings.LINKWORK_ALLOW_TEST_NHS_NUMBERS = False
    answer = api(world.user("link_worker")).post("/api/v1/people", body(world.practice.code))
    assert answer.status_code == 422 and answer.json()["detail"][0]["rule"] == "test_number"
    assert not Person.objects.exists()
