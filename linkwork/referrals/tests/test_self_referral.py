"""The public self-referral form: a person refers themselves, with no sign-in."""

import time
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.models import AuditLog
from linkwork.organisations.tests.factories import make_practice
from linkwork.people.models import Person
from linkwork.people.services import PersonDetails
from linkwork.people.tests.factories import PersonFactory, valid_nhs_number
from linkwork.referrals.models import Referral, ReferralStatusChange
from linkwork.referrals.public_forms import sign_started
from linkwork.referrals.self_referral import Outcome, SelfReferral, receive_self_referral, self_referral_auditor
from linkwork.referrals.services import ReferralDetails, receive_referral

URL = "/public/self-referral"
SENT = "/public/self-referral/sent"
NHS_NUMBER = valid_nhs_number(77)
SPACED = f"{NHS_NUMBER[:3]} {NHS_NUMBER[3:6]} {NHS_NUMBER[6:]}"
WRONG_CHECK_DIGIT = SPACED[:-1] + str((int(SPACED[-1]) + 1) % 10)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def form_data(world, **overrides):
    data = {
        "nhs_number": SPACED,
        "given_name": "Grace",
        "family_name": "Hopper",
        "birth_date_day": "2",
        "birth_date_month": "1",
        "birth_date_year": "1950",
        "sex": "female",
        "postcode": "ls1 4ap",
        "gp_practice": world.practice.code,
        "reasons": ["loneliness", "money"],
        "phone": "07700 900 982",
        "email": "grace@example.com",
        "anything_else": "Mornings are best",
        "consent": "on",
        "website": "",
        "started": sign_started(time.time() - 60),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def nothing_stored():
    return Person.objects.count() == 0 and Referral.objects.count() == 0 and AuditLog.objects.count() == 0


def test_valid_submission_creates_person_and_waiting_self_referral_in_the_practice_pcn(world):
    response = Client().post(URL, form_data(world))
    assert response.status_code == 302 and response["Location"] == SENT

    person = Person.objects.get()
    assert (person.nhs_number, person.given_name, person.family_name) == (NHS_NUMBER, "Grace", "Hopper")
    assert (person.birth_date, person.sex, person.postcode, person.gp_practice) == (
        date(1950, 1, 2),
        "female",
        "LS1 4AP",
        world.practice,
    )
    referral = Referral.objects.get()
    assert referral.person == person
    assert referral.pcn == world.pcn and referral.practice == world.practice
    assert referral.referrer_type == "self_referral"
    assert referral.status == "waiting" and referral.urgency == "routine"
    assert referral.referred_by is None and referral.assigned_to is None and referral.created_by is None
    assert sorted(referral.reasons.values_list("reason", flat=True)) == ["loneliness", "money"]
    assert "07700900982" in referral.context and "grace@example.com" in referral.context
    assert "Mornings are best" in referral.context
    assert list(referral.status_changes.values_list("from_status", "to_status")) == [("", "waiting")]

    rows = AuditLog.objects.filter(actor_label="system:self_referral")
    assert set(rows.values_list("action", "what")) == {("create", "person"), ("create", "referral")}
    assert all(row.person_id == person.pk and row.actor_id is None for row in rows)
    # The sender's address is stored nowhere.
    assert not AuditLog.objects.exclude(ip_address=None).exists()
    assert "127.0.0.1" not in referral.context


def test_the_referral_is_in_the_pcn_queue(world):
    Client().post(URL, form_data(world))
    link_worker = world.user("link_worker")
    assert Referral.objects.for_user(link_worker).filter(referrer_type="self_referral").exists()
    client = Client()
    client.force_login(link_worker)
    assert "Hopper" in client.get("/caseload?who=unassigned").content.decode()
    client.force_login(world.other_users["link_worker"])
    assert "Hopper" not in client.get("/caseload?who=all").content.decode()


def test_the_chosen_practice_decides_the_pcn(world):
    Client().post(URL, form_data(world, gp_practice=world.other_practice.code))
    referral = Referral.objects.get()
    assert referral.pcn == world.other_pcn and referral.practice == world.other_practice


def test_existing_person_is_reused_and_their_record_is_not_changed(world):
    known = PersonFactory(
        nhs_number=NHS_NUMBER,
        given_name="Grace",
        family_name="Hopper",
        birth_date=date(1950, 1, 2),
        gp_practice=world.practice,
    )
    before = Person.objects.values().get(pk=known.pk)
    response = Client().post(URL, form_data(world, given_name="Gracie", postcode="LS2 7EE"))
    assert response.status_code == 302 and response["Location"] == SENT
    assert Person.objects.count() == 1
    assert Person.objects.values().get(pk=known.pk) == before
    referral = Referral.objects.get()
    assert referral.person == known and referral.referrer_type == "self_referral"
    assert "first name: Gracie" in referral.context and "postcode: LS2 7EE" in referral.context
    created = AuditLog.objects.get(what="referral", action="create")
    assert created.detail["details_differ"] == ["given_name", "postcode"]
    assert not AuditLog.objects.filter(what="person").exists()


def test_a_known_person_choosing_another_practice_of_the_pcn_is_referred_there_and_flagged(world):
    second = make_practice("A11112", world.pcn)
    known = PersonFactory(nhs_number=NHS_NUMBER, gp_practice=world.practice)
    Client().post(URL, form_data(world, gp_practice=second.code))
    referral = Referral.objects.get()
    assert referral.person == known and referral.pcn == world.pcn and referral.practice == second
    assert f"GP practice: {second.name}" in referral.context
    known.refresh_from_db()
    assert known.gp_practice == world.practice


def test_a_person_known_only_to_another_pcn_gets_a_record_of_the_chosen_practices_pcn(world):
    """ADR 0009: nothing another PCN recorded is read, changed or revealed; the new PCN starts its own record."""
    known = PersonFactory(nhs_number=NHS_NUMBER, gp_practice=world.practice, given_name="Ada", family_name="Byron")
    before = Person.objects.values().get(pk=known.pk)
    response = Client().post(URL, form_data(world, gp_practice=world.other_practice.code))
    assert response.status_code == 302 and response["Location"] == SENT
    referral = Referral.objects.get()
    person = referral.person
    assert referral.pcn == world.other_pcn and person != known
    assert (person.pcn, person.gp_practice, person.given_name) == (world.other_pcn, world.other_practice, "Grace")
    assert "differ" not in referral.context and "Ada" not in referral.context
    assert Person.objects.values().get(pk=known.pk) == before


def test_open_episode_is_not_duplicated_and_the_confirmation_is_the_same(world):
    def send(nhs_number):
        return Client().post(URL, form_data(world, nhs_number=nhs_number), follow=True)

    new = send(valid_nhs_number(1))
    known = PersonFactory(nhs_number=valid_nhs_number(2), gp_practice=world.practice)
    known_no_episode = send(known.nhs_number)
    assert Referral.objects.filter(person=known).count() == 1

    open_episode = Referral.objects.get(person=known)
    audit_before = AuditLog.objects.count()
    duplicate = send(known.nhs_number)
    assert Referral.objects.filter(person=known).count() == 1
    refused = AuditLog.objects.order_by("-at").first()
    assert AuditLog.objects.count() == audit_before + 1
    assert (refused.action, refused.what, refused.object_id) == ("denied", "self_referral", str(open_episode.pk))
    assert refused.person_id == known.pk and refused.actor_label == "system:self_referral"

    for response in (new, known_no_episode, duplicate):
        assert response.redirect_chain == [(SENT, 302)]
        assert response.status_code == 200
    assert new.content == known_no_episode.content == duplicate.content
    assert b"Your request has been sent" in new.content


def test_a_race_for_the_same_new_person_ends_in_one_referral(world, monkeypatch):
    from django.db import IntegrityError

    from linkwork.referrals import self_referral

    real = self_referral.register_person
    calls = []

    def lost_the_race(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(*args, **kwargs)

    monkeypatch.setattr(self_referral, "register_person", lost_the_race)
    response = Client().post(URL, form_data(world))
    assert response.status_code == 302 and response["Location"] == SENT
    assert len(calls) == 2 and Person.objects.count() == 1 and Referral.objects.count() == 1


def test_a_closed_episode_does_not_stop_a_new_one(world):
    known = PersonFactory(nhs_number=NHS_NUMBER, gp_practice=world.practice)
    Referral.objects.create(
        person=known,
        pcn=world.pcn,
        practice=world.practice,
        received_on=date(2025, 1, 1),
        referrer_type="gp",
        status="discharged",
    )
    Client().post(URL, form_data(world))
    assert Referral.objects.filter(person=known).count() == 2


def error_summary(response):
    body = response.content.decode()
    assert "There is a problem" in body
    return body


def test_invalid_fields_are_named_and_nothing_is_stored(world):
    response = Client().post(
        URL,
        form_data(
            world,
            nhs_number=WRONG_CHECK_DIGIT,
            given_name="",
            postcode="nowhere",
            reasons=[],
            phone="",
            email="",
            consent=None,
        ),
    )
    assert response.status_code == 200
    body = error_summary(response)
    for anchor, message in [
        ("#id_nhs_number", "Check your NHS number: this is not a valid NHS number"),
        ("#id_given_name", "Enter your first name"),
        ("#id_postcode", "Enter a real postcode, like LS1 4AP"),
        ("#id_reasons", "Select what you would like help with"),
        ("#id_phone", "Give a phone number or an email address so a link worker can contact you"),
        ("#id_consent", "Confirm that you agree to be contacted by a link worker"),
    ]:
        assert f'href="{anchor}"' in body, anchor
        assert message in body, message
    assert "<title>Error: " in body
    assert nothing_stored()


def test_blank_nhs_number_is_required_and_says_where_to_find_it(world):
    response = Client().post(URL, form_data(world, nhs_number=""))
    body = error_summary(response)
    assert 'href="#id_nhs_number"' in body
    assert "Enter your NHS number. You can find it on a letter from your GP practice or in the NHS App" in body
    assert nothing_stored()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Enter a UK phone number"),
        ("email", "not-an-email", "Enter an email address in the correct format"),
        ("gp_practice", "ZZZ999", "Select a valid choice"),
        ("birth_date_year", "2999", "Your date of birth must be in the past"),
    ],
)
def test_each_rule_names_its_field(world, field, value, message):
    response = Client().post(URL, form_data(world, **{field: value}))
    body = error_summary(response)
    anchor = "#id_birth_date_day" if field.startswith("birth_date") else f"#id_{field}"
    assert f'href="{anchor}"' in body and message in body
    assert "received" not in body  # the referral's own date is not the person's problem
    assert nothing_stored()


def test_email_alone_is_enough_to_be_contacted(world):
    assert Client().post(URL, form_data(world, phone="")).status_code == 302
    assert "grace@example.com" in Referral.objects.get().context


def test_honeypot_answers_as_if_sent_and_stores_nothing(world):
    response = Client().post(URL, form_data(world, website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == SENT
    assert nothing_stored()


def test_too_fast_stores_nothing_and_asks_again(world, settings):
    settings.LINKWORK_SELF_REFERRAL_MIN_SECONDS = 5
    data = form_data(world, started=sign_started(time.time() - 1))
    response = Client().post(URL, data)
    assert response.status_code == 200
    assert "Your form has not been sent yet. Check your answers, then select Send again" in response.content.decode()
    assert nothing_stored()
    # The start time is kept, so the same form sent again a little later goes through.
    assert data["started"] in response.content.decode()
    data["started"] = sign_started(time.time() - 6)
    assert Client().post(URL, data).status_code == 302
    assert Referral.objects.count() == 1


def test_too_fast_with_mistakes_shows_the_mistakes_and_stores_nothing(world, settings):
    settings.LINKWORK_SELF_REFERRAL_MIN_SECONDS = 5
    response = Client().post(URL, form_data(world, nhs_number="", started=sign_started()))
    body = error_summary(response)
    assert 'href="#id_nhs_number"' in body and "Your form has not been sent yet" not in body
    assert nothing_stored()


@pytest.mark.parametrize("started", ["", "forged", "old"])
def test_missing_forged_or_stale_start_time_stores_nothing(world, started):
    value = sign_started(time.time() - 2 * 24 * 60 * 60) if started == "old" else started
    response = Client().post(URL, form_data(world, started=value))
    body = response.content.decode()
    assert response.status_code == 200 and "This page timed out" in body
    assert nothing_stored()
    assert 'name="started" value=""' not in body  # a fresh start time to send again with


def test_rate_limit_answers_429_after_the_limit(world, settings):
    settings.LINKWORK_SELF_REFERRAL_RATE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(3):
        assert client.post(URL, form_data(world, nhs_number=valid_nhs_number(n))).status_code == 302
    response = client.post(URL, form_data(world, nhs_number=valid_nhs_number(9)))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    body = response.content.decode()
    assert "too many requests" in body and "Your form has not been sent" in body
    assert Referral.objects.count() == 3
    assert not Person.objects.filter(nhs_number=valid_nhs_number(9)).exists()
    # The form itself can still be read, and another address is not limited.
    assert client.get(URL).status_code == 200
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.post(URL, form_data(world, nhs_number=valid_nhs_number(9))).status_code == 302


def test_rate_limit_counts_rejected_submissions_too(world, settings):
    settings.LINKWORK_SELF_REFERRAL_RATE_LIMIT = 2
    client = Client()
    client.post(URL, form_data(world, website="spam"))
    client.post(URL, form_data(world, given_name=""))
    assert client.post(URL, form_data(world)).status_code == 429
    assert nothing_stored()


def test_pages_work_anonymously_and_signed_in(world):
    anonymous = Client()
    for url in (URL, SENT):
        assert anonymous.get(url).status_code == 200, url
    for role, user in world.users.items():
        client = Client()
        client.force_login(user)
        for url in (URL, SENT):
            assert client.get(url).status_code == 200, f"{role} {url}"


def test_a_signed_in_user_sending_the_form_is_not_the_actor(world):
    client = Client()
    client.force_login(world.user("link_worker"))
    assert client.post(URL, form_data(world)).status_code == 302
    referral = Referral.objects.get()
    assert referral.referred_by is None and referral.assigned_to is None
    assert set(AuditLog.objects.values_list("actor_label", flat=True)) == {"system:self_referral"}


def test_form_lists_practices_by_name_and_has_a_hidden_honeypot(world):
    body = Client().get(URL).content.decode()
    assert f'value="{world.practice.code}"' in body and world.practice.name in body
    assert f'value="{world.pcn.code}"' not in body
    assert 'aria-hidden="true"' in body and 'name="website"' in body and 'tabindex="-1"' in body
    assert "NHS App" in body


# The service on its own


def submission(world, **person):
    details = {
        "nhs_number": NHS_NUMBER,
        "given_name": "Grace",
        "family_name": "Hopper",
        "birth_date": date(1950, 1, 2),
        "sex": "female",
        "postcode": "LS1 4AP",
        "gp_practice": world.practice.code,
        **person,
    }
    return SelfReferral(person=PersonDetails(**details), reasons=["loneliness"], phone="07700900982", consent=True)


def test_service_reports_every_problem_with_field_and_rule(world):
    bad = SelfReferral(person=PersonDetails("", "", "", None, "", "", ""), reasons=["nonsense"], phone="1", email="x")
    with pytest.raises(RuleViolation) as raised:
        receive_self_referral(bad, auditor=self_referral_auditor())
    rules = {(e.field, e.rule) for e in raised.value.errors}
    assert {
        ("nhs_number", "required"),
        ("given_name", "required"),
        ("family_name", "required"),
        ("birth_date", "required"),
        ("sex", "required"),
        ("postcode", "required"),
        ("gp_practice", "required"),
        ("reasons", "choice"),
        ("phone", "format"),
        ("email", "format"),
        ("consent", "required"),
    } <= rules
    assert nothing_stored()


def test_service_refuses_a_practice_that_is_not_a_practice(world):
    with pytest.raises(RuleViolation) as raised:
        receive_self_referral(submission(world, gp_practice=world.pcn.code), auditor=self_referral_auditor())
    assert [(e.field, e.rule) for e in raised.value.errors] == [("gp_practice", "within_reach")]


def test_service_outcomes(world):
    first = receive_self_referral(submission(world), auditor=self_referral_auditor())
    assert first.outcome is Outcome.CREATED and first.person_created
    again = receive_self_referral(submission(world), auditor=self_referral_auditor())
    assert again.outcome is Outcome.OPEN_EPISODE and again.referral == first.referral


def test_writes_the_same_rows_as_a_referral_received_by_staff(world):
    """The self-referral mirrors `receive_referral` (which needs a signed-in user); keep the two in step."""
    staff = world.user("practice_staff")
    by_staff = receive_referral(
        ReferralDetails(received_on=timezone.localdate(), referrer_type="self_referral", reasons=["loneliness"]),
        user=staff,
        auditor=Auditor(staff),
        person=PersonFactory(gp_practice=world.practice),
    ).referral
    by_form = receive_self_referral(submission(world), auditor=self_referral_auditor()).referral

    def shape(referral):
        changes = ReferralStatusChange.objects.filter(referral=referral)
        audit = AuditLog.objects.filter(what="referral", object_id=str(referral.pk))
        return {
            "status": referral.status,
            "urgency": referral.urgency,
            "pcn": referral.pcn_id,
            "practice": referral.practice_id,
            "reasons": list(referral.reasons.values_list("reason", flat=True)),
            "changes": list(changes.values_list("from_status", "to_status", "reason")),
            "audit": [(a.action, a.person_id == referral.person_id, sorted(a.detail)) for a in audit],
        }

    assert shape(by_staff) == shape(by_form)
