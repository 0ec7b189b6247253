"""The coding rules, case by case (one test per rule in seed 000) and as properties over any episode."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.coding.policy import ContactFacts, code_for_contact, codes_for_episode
from linkwork.referrals.policy import ACCEPTED, DECLINED, FOLLOW_UP, NO_RESPONSE, OUTCOMES
from linkwork.referrals.vocabularies import CONTACT_PURPOSES

ACCEPT_CODE = "871731000000106"
DECLINE_CODE = "871711000000103"
OFFERED_CODE = "871691000000100"
ROLES = ["link_worker", "health_and_wellbeing_coach", "care_coordinator"]
DAY = date(2026, 11, 2)


def contact(outcome, role="link_worker", purpose="social_prescribing", on=DAY):
    return ContactFacts(outcome=outcome, practitioner_role=role, purpose=purpose, occurred_on=on)


def code_id(facts, already=()):
    code = code_for_contact(facts, already)
    return code.id if code else None


def test_acceptance_by_a_link_worker_is_coded_as_referral():
    assert code_id(contact(ACCEPTED)) == ACCEPT_CODE


def test_decline_is_coded_as_declined():
    assert code_id(contact(DECLINED)) == DECLINE_CODE


def test_no_response_is_a_nil_return():
    assert code_id(contact(NO_RESPONSE)) is None


def test_follow_ups_are_never_coded():
    assert code_id(contact(FOLLOW_UP)) is None
    assert code_id(contact(FOLLOW_UP), [ACCEPT_CODE]) is None


@pytest.mark.parametrize("role", ["health_and_wellbeing_coach", "care_coordinator"])
@pytest.mark.parametrize("outcome", [ACCEPTED, DECLINED])
def test_coaches_and_care_coordinators_are_not_coded_as_social_prescribing(role, outcome):
    assert code_id(contact(outcome, role=role)) is None


def test_one_referral_code_per_episode():
    assert code_id(contact(ACCEPTED), [ACCEPT_CODE]) is None
    assert code_id(contact(DECLINED), [ACCEPT_CODE]) is None
    assert code_id(contact(ACCEPTED), [DECLINE_CODE]) is None


def test_a_new_episode_after_discharge_is_coded_again():
    first = codes_for_episode([contact(ACCEPTED), contact(FOLLOW_UP)])
    second = codes_for_episode([contact(ACCEPTED)])
    assert [c.id if c else None for c in first] == [ACCEPT_CODE, None]
    assert [c.id for c in second] == [ACCEPT_CODE]


@pytest.mark.parametrize("purpose", ["vaccine_information", "vaccine_access_support", "vaccine_clinic_conversation"])
def test_vaccine_programme_support_is_coded_as_referral(purpose):
    assert code_id(contact(ACCEPTED, purpose=purpose, on=date(2021, 2, 1))) == ACCEPT_CODE


def test_vaccine_admin_booking_alone_is_not_coded():
    assert code_id(contact(ACCEPTED, purpose="vaccine_admin_booking", on=date(2021, 2, 1))) is None


def test_vaccine_call_unanswered_or_hung_up_is_a_nil_return():
    assert code_id(contact(NO_RESPONSE, purpose="vaccine_information", on=date(2021, 2, 1))) is None


def test_shielding_welfare_calls_from_1_april_2021_are_not_coded():
    assert code_id(contact(ACCEPTED, purpose="shielding_welfare_call", on=date(2021, 3, 31))) == ACCEPT_CODE
    assert code_id(contact(ACCEPTED, purpose="shielding_welfare_call", on=date(2021, 4, 1))) is None


contacts = st.builds(
    ContactFacts,
    outcome=st.sampled_from(OUTCOMES),
    practitioner_role=st.sampled_from(ROLES),
    purpose=st.sampled_from(CONTACT_PURPOSES.keys()),
    occurred_on=st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)),
)


@given(st.lists(contacts, max_size=12))
def test_any_episode_gets_at_most_one_referral_code_and_never_the_legacy_code(episode):
    codes = [c for c in codes_for_episode(episode) if c is not None]
    assert len(codes) <= 1
    assert all(c.id in (ACCEPT_CODE, DECLINE_CODE) for c in codes)
    assert all(c.id != OFFERED_CODE for c in codes)


@given(st.lists(contacts, max_size=12))
def test_every_code_comes_from_a_link_worker_accepting_or_declining(episode):
    for facts, code in zip(episode, codes_for_episode(episode), strict=True):
        if code is None:
            continue
        assert facts.practitioner_role == "link_worker"
        assert facts.outcome in (ACCEPTED, DECLINED)
        assert code.id == (ACCEPT_CODE if facts.outcome == ACCEPTED else DECLINE_CODE)
        assert facts.purpose != "vaccine_admin_booking"


@given(st.lists(contacts, max_size=12))
def test_the_first_codable_link_worker_answer_is_the_one_coded(episode):
    codable = [
        f
        for f in episode
        if f.practitioner_role == "link_worker"
        and f.outcome in (ACCEPTED, DECLINED)
        and f.purpose not in ("vaccine_admin_booking",)
        and not (f.purpose == "shielding_welfare_call" and f.occurred_on >= date(2021, 4, 1))
    ]
    produced = [c for c in codes_for_episode(episode) if c is not None]
    if codable:
        assert produced[0].id == (ACCEPT_CODE if codable[0].outcome == ACCEPTED else DECLINE_CODE)
    else:
        assert produced == []
