import pytest

from linkwork.connections.tests.factories import connectable_service
from linkwork.referrals.tests.factories import ReferralFactory


@pytest.fixture
def lw(world):
    return world.user("link_worker")


@pytest.fixture
def partner(world):
    return world.user("vcse_partner")


@pytest.fixture
def active(person, lw):
    """An episode the person has accepted, assigned to the link worker."""
    return ReferralFactory(person=person, status="active", assigned_to=lw)


@pytest.fixture
def service(world):
    return connectable_service(world.vcse, world.pcn, name="Knit and natter")


@pytest.fixture
def other_service(world):
    return connectable_service(world.vcse, world.pcn, name="Allotment group")
