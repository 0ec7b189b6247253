# The cross-app tests use the same fixtures as the apps' own tests.
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from linkwork.coding.services import code_raised_by
from linkwork.community.tests.factories import ServiceFactory, make_agreement
from linkwork.conftest import ApiClient, World, api, person, referral, world  # noqa: F401
from linkwork.connections.tests.factories import connect
from linkwork.core.auditor import Auditor
from linkwork.people.tests.factories import PersonFactory
from linkwork.plans.services import add_goal, save_care_plan
from linkwork.referrals.services import ContactDetails, record_contact
from linkwork.referrals.tests.factories import ReferralFactory


@pytest.fixture
def records(world):  # noqa: F811 (world: the shared fixture above)
    """One of every record the pages show, for the access matrix and the every-page axe sweep."""
    someone = PersonFactory(gp_practice=world.practice)
    episode = ReferralFactory(person=someone, referred_by=world.user("practice_staff"))
    user = world.user("link_worker")
    event = code_raised_by(
        record_contact(
            episode,
            ContactDetails(
                occurred_at=datetime(2026, 11, 3, 10, tzinfo=ZoneInfo("Europe/London")),
                mode="phone",
                duration_minutes=20,
                reached=True,
                outcome="accepted",
            ),
            user=user,
            auditor=Auditor(user),
        )
    )
    plan = save_care_plan(
        episode, {"what_matters": "Family", "review_on": date(2026, 12, 1)}, user=user, auditor=Auditor(user)
    ).plan
    goal = add_goal(plan, description="Walk to the park", user=user, auditor=Auditor(user))
    # A public service of the world's VCSE organisation (the VCSE partner's own).
    service = ServiceFactory(organisation=world.vcse, public=True)
    # A connection to it, under an agreement to connect (the VCSE partner's to see and act on).
    make_agreement(world.vcse, world.pcn, date(2026, 10, 1))
    connection = connect(episode, user, service)[0]
    return {
        "person_id": someone.pk,
        "referral_id": episode.pk,
        "item_id": event.pk,
        "goal_id": goal.pk,
        "service_id": service.pk,
        "organisation_id": world.vcse.pk,
        "connection_id": connection.pk,
    }
