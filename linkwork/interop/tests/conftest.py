"""A small directory with every field filled somewhere, for the Open Referral UK tests."""

from dataclasses import dataclass

import pytest

from linkwork.accounts.tests.factories import UserFactory
from linkwork.community.tests.factories import ServiceFactory
from linkwork.organisations.tests.factories import OrganisationFactory, make_pcn


@dataclass
class Directory:
    icb: object
    manager: object
    vcse: object
    group: object
    statutory: object
    full: object
    public: object
    plain: object


@pytest.fixture
def directory(db) -> Directory:
    icb = OrganisationFactory(kind="icb", code="QWX", name="West ICB")
    pcn = make_pcn("U33333", icb)
    manager = UserFactory(role="pcn_manager", organisation=pcn, email="manager@example.nhs.uk")
    vcse = OrganisationFactory(kind="vcse", code="1098765", name="Rainbow Trust", parent=icb)
    group = OrganisationFactory(kind="community_group", code="CG0001", name="Allotment Friends", parent=icb)
    statutory = OrganisationFactory(kind="statutory", code="STAT01", name="Council Adult Learning")
    full = ServiceFactory(
        organisation=vcse,
        name="Tuesday Coffee Club",
        description="A relaxed weekly get-together.\nEveryone welcome.",
        category="befriending",
        status="active",
        eligibility="Adults over 18 living in Leeds",
        cost="£2 a session",
        schedule="Tuesdays 10am to 12 noon\nNot in August",
        location_name="St Mark's Hall",
        address="12 Church Lane, Leeds",
        postcode="LS6 2AB",
        contact_name="Jo Bloggs",
        contact_phone="0113 496 0000",
        contact_email="jo@example.org",
        website="https://example.org/coffee",
        how_to_refer="Phone Jo, or send the person along",
        public=True,
    )
    public = ServiceFactory(
        organisation=group,
        name="Allotment Mornings",
        category="nature",
        status="temporarily closed",
        cost="Free",
        address="The Allotments",
        postcode="LS7 3QP",
        public=True,
    )
    plain = ServiceFactory(
        organisation=vcse,
        name="Money Advice",
        description="",
        category="money_welfare",
        status="inactive",
        postcode="",
        public=False,
    )
    return Directory(icb, manager, vcse, group, statutory, full, public, plain)
