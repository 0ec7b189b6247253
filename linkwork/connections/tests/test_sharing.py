"""What the service a connection was sent to may see, decided in one place (connections.sharing; seed 003 s7)."""

from datetime import date

from linkwork.connections.sharing import ServiceCopy
from linkwork.connections.tests.factories import connect
from linkwork.plans.tests.factories import make_plan


def test_the_service_sees_no_identifiers_and_only_the_fields_agreed(world, person, active, lw, partner, service):
    (connection,) = connect(active, lw, service, shared=("contact_details", "age"), reason="Lonely since June")
    seen = ServiceCopy.for_viewer(connection, partner)
    assert (seen.referral_id, seen.person_id, seen.name, seen.reason) == (None, None, "", None)
    fields = seen.person(today=date(2026, 12, 6))
    assert [f["key"] for f in fields] == ["contact_details", "age"]
    assert fields[1]["value"] == "66"  # born 17 May 1960 (the person factory)


def test_the_referrer_sees_its_own_episode_and_the_same_copy_of_what_was_passed_on(world, person, active, lw, service):
    (connection,) = connect(active, lw, service, shared=("name",), reason="Lonely since June")
    seen = ServiceCopy.for_viewer(connection, lw)
    assert (seen.referral_id, seen.person_id) == (active.pk, person.pk)
    assert seen.name == person.full_name and seen.reason == "Lonely since June"
    assert [f["key"] for f in seen.person()] == ["name"]


def test_plan_fields_come_from_the_episodes_plan_only_when_shared(world, active, lw, partner, service):
    make_plan(active, lw, what_matters="Getting out of the house", how_to_support="")
    (connection,) = connect(active, lw, service, shared=("name", "what_matters", "how_to_support"))
    values = {f["key"]: f["value"] for f in ServiceCopy.for_viewer(connection, partner).person()}
    assert values["what_matters"] == "Getting out of the house"
    assert values["how_to_support"] == "Not written in their plan yet"
    assert "health_conditions" not in values
