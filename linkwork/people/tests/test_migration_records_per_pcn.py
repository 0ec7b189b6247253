"""The migration that gives every record its PCN splits a record two PCNs shared (the old model) so that each PCN
keeps its own, with its episodes and what hangs off them (ADR 0009)."""

import uuid
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("people", "0001_initial")]
AFTER = [("people", "0003_person_pcn_required")]


@pytest.mark.django_db(transaction=True)
def test_a_record_shared_by_two_pcns_is_split_with_its_episodes():
    executor = MigrationExecutor(connection)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "people"]
    executor.migrate(BEFORE)
    old = executor.loader.project_state(others + BEFORE).apps
    Organisation = old.get_model("organisations", "Organisation")
    icb = Organisation.objects.create(id=uuid.uuid4(), kind="icb", code="QXX", name="ICB")
    pcns = [Organisation.objects.create(id=uuid.uuid4(), kind="pcn", code=c, name=c, parent=icb) for c in ("U1", "U2")]
    practices = [
        Organisation.objects.create(id=uuid.uuid4(), kind="practice", code=c, name=c, parent=p)
        for c, p in (("A1", pcns[0]), ("B2", pcns[1]))
    ]
    # Registered now at the second PCN's practice; the first PCN supported them before they moved.
    person = old.get_model("people", "Person").objects.create(
        id=uuid.uuid4(),
        nhs_number="9990000018",
        given_name="Ann",
        family_name="Smith",
        birth_date=date(1950, 2, 3),
        sex="female",
        postcode="LS9 8AB",
        gp_practice=practices[1],
    )
    Referral = old.get_model("referrals", "Referral")

    def episode(pcn, practice, received_on):
        return Referral.objects.create(
            id=uuid.uuid4(), person=person, pcn=pcn, practice=practice, received_on=received_on, referrer_type="gp"
        )

    first_pcns = [episode(pcns[0], practices[0], date(2025, 3, 1)), episode(pcns[0], practices[0], date(2025, 9, 1))]
    second_pcns = episode(pcns[1], practices[1], date(2026, 10, 1))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(others + AFTER).apps
    People = new.get_model("people", "Person")
    NewReferral = new.get_model("referrals", "Referral")
    records = {p.pcn_id: p for p in People.objects.filter(nhs_number="9990000018")}
    assert set(records) == {pcns[0].pk, pcns[1].pk}
    assert records[pcns[1].pk].pk == person.pk  # the record stays with the practice's PCN
    copy = records[pcns[0].pk]
    assert (copy.gp_practice_id, copy.given_name, copy.postcode) == (practices[0].pk, "Ann", "LS9 8AB")
    assert {r.person_id for r in NewReferral.objects.filter(pk__in=[r.pk for r in first_pcns])} == {copy.pk}
    assert NewReferral.objects.get(pk=second_pcns.pk).person_id == person.pk

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
