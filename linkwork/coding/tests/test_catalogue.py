"""The published codes, pinned (seed 000 and reference/coding.md)."""

from datetime import date

from linkwork.coding.catalogue import catalogue, purpose_is_codable
from linkwork.referrals.vocabularies import CONTACT_PURPOSES


def test_national_codes_and_terms_are_the_published_ones():
    codes = catalogue()
    assert codes.accepted.id == "871731000000106"
    assert codes.accepted.term == "Referral to social prescribing service (procedure)"
    assert codes.declined.id == "871711000000103"
    assert codes.declined.term == "Social prescribing declined (situation)"


def test_offered_code_is_known_but_legacy_and_never_produced():
    offered = catalogue().by_id("871691000000100")
    assert offered is not None
    assert offered.term == "Social prescribing offered (finding)"
    assert offered.legacy and not offered.produced


def test_only_link_workers_are_coded_and_the_deadline_is_one_week():
    assert catalogue().coded_roles == frozenset({"link_worker"})
    assert catalogue().due_within_days == 7


def test_vaccine_booking_is_not_codable_and_shielding_stops_on_1_april_2021():
    assert purpose_is_codable("vaccine_information", date(2021, 2, 1))
    assert purpose_is_codable("vaccine_access_support", date(2021, 2, 1))
    assert purpose_is_codable("vaccine_clinic_conversation", date(2021, 2, 1))
    assert not purpose_is_codable("vaccine_admin_booking", date(2021, 2, 1))
    assert purpose_is_codable("shielding_welfare_call", date(2021, 3, 31))
    assert not purpose_is_codable("shielding_welfare_call", date(2021, 4, 1))
    assert "social_prescribing" in CONTACT_PURPOSES
