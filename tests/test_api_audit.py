"""The audit log over the API for administrators, and the audit rows that API lists of people's records write."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from linkwork.core.auditor import Auditor
from linkwork.core.models import AuditLog
from linkwork.people.tests.factories import PersonFactory
from linkwork.referrals.tests.factories import ReferralFactory

LONDON = ZoneInfo("Europe/London")


def _history(world, person):
    with time_machine.travel(datetime(2026, 11, 1, 9, tzinfo=LONDON)):
        Auditor(world.user("link_worker")).viewed("person", person.pk, person_id=person.pk)
    with time_machine.travel(datetime(2026, 11, 5, 23, 30, tzinfo=LONDON)):
        Auditor(world.user("pcn_manager")).updated("referral", "r1", person_id=person.pk)
    with time_machine.travel(datetime(2026, 11, 6, 0, 30, tzinfo=LONDON)):
        Auditor(system="nightly").exported("directory")


def _rows(response):
    assert response.status_code == 200, response.content
    return [(r["actor"], r["action"], r["what"]) for r in response.json()["items"]]


def test_administrators_export_the_audit_log_with_the_page_filters(world, person, api):
    _history(world, person)
    client = api(world.user("admin"))
    assert _rows(client.get("/api/v1/audit", {"person": str(person.pk), "action": "view"})) == [
        ("link_worker@example.nhs.uk", "view", "person")
    ]
    assert _rows(client.get("/api/v1/audit", {"actor": "PCN_MANAGER"})) == [
        ("pcn_manager@example.nhs.uk", "update", "referral")
    ]
    # `to` includes the whole day (London time), `from` starts at its midnight.
    assert _rows(client.get("/api/v1/audit", {"from": "2026-11-02", "to": "2026-11-05"})) == [
        ("pcn_manager@example.nhs.uk", "update", "referral")
    ]
    assert _rows(client.get("/api/v1/audit", {"from": "2026-11-06", "what": "directory"})) == [
        ("system:nightly", "export", "directory")
    ]
    row = client.get("/api/v1/audit", {"what": "person"}).json()["items"][0]
    assert row["person"] == str(person.pk) and row["actor_id"] == str(world.user("link_worker").pk)
    assert row["via"] == "web" and row["detail"] == {}


def test_the_api_and_the_page_filter_the_same_way(world, person, api, client):
    _history(world, person)
    client.force_login(world.user("admin"))
    everyone = ["link_worker@example.nhs.uk</td>", "pcn_manager@example.nhs.uk</td>", "system:nightly</td>"]
    for page_query, api_query in [
        ({"date_from": "2026-11-02", "date_to": "2026-11-05"}, {"from": "2026-11-02", "to": "2026-11-05"}),
        ({"actor": "nightly"}, {"actor": "nightly"}),
        ({"person": str(person.pk)}, {"person": str(person.pk)}),
    ]:
        html = client.get("/audit", page_query).content.decode()
        on_page = [actor for actor in everyone if actor in html]
        from_api = [f"{actor}</td>" for actor, _, _ in _rows(api(world.user("admin")).get("/api/v1/audit", api_query))]
        assert sorted(on_page) == sorted(from_api), page_query


def test_reading_the_audit_log_is_audited_with_its_filters(world, person, api):
    admin = world.user("admin")
    api(admin).get("/api/v1/audit", {"person": str(person.pk), "from": "2026-11-01"})
    read = AuditLog.objects.get(what="audit_log")
    assert read.actor == admin and read.action == "view" and read.via == "api"
    assert read.detail == {"filters": {"person": str(person.pk), "date_from": "2026-11-01"}}


def test_the_audit_log_pages_newest_first_without_overlap(world, api):
    for n in range(5):
        with time_machine.travel(datetime(2026, 11, 1, 9, n, tzinfo=LONDON)):
            Auditor(system="job").record("view", f"thing{n}")
    client = api(world.user("admin"))
    # Reading the log adds a row of its own, so page through one actor's rows.
    first = client.get("/api/v1/audit", {"limit": 2, "actor": "system:job"}).json()
    second = client.get("/api/v1/audit", {"limit": 2, "offset": 2, "actor": "system:job"}).json()
    assert first["count"] == second["count"] == 5
    assert [r["what"] for r in first["items"] + second["items"]] == ["thing4", "thing3", "thing2", "thing1"]


def test_bad_filters_answer_422_naming_the_field(world, api):
    client = api(world.user("admin"))
    response = client.get("/api/v1/audit", {"action": "delete", "from": "yesterday", "person": "someone"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"action", "from", "person"}
    assert not AuditLog.objects.filter(what="audit_log").exists()


def test_only_administrators_read_the_audit_log_and_refusals_are_audited(world, api):
    for role in ("link_worker", "pcn_manager", "commissioner", "practice_staff", "vcse_partner"):
        response = api(world.user(role)).get("/api/v1/audit")
        assert response.status_code == 403, role
        assert "core.view_audit" in response.json()["detail"]
    assert AuditLog.objects.filter(action="denied", what="core.view_audit").count() == 5
    assert not AuditLog.objects.filter(what="audit_log").exists()


def test_listing_referrals_audits_one_row_per_referral_returned(world, api):
    people = PersonFactory.create_batch(3, gp_practice=world.practice)
    referrals = [ReferralFactory(person=p) for p in people]
    client = api(world.user("link_worker"))
    before = AuditLog.objects.count()
    body = client.get("/api/v1/referrals", {"limit": 2}).json()
    assert body["count"] == 3 and len(body["items"]) == 2
    rows = AuditLog.objects.order_by("at")[before:]
    shown = {(item["id"], item["person"]) for item in body["items"]}
    assert {(r.object_id, str(r.person_id)) for r in rows} == shown
    assert {(r.what, r.action, r.via, r.actor_id) for r in rows} == {
        ("referral", "view", "api", world.user("link_worker").pk)
    }
    assert {str(r.pk) for r in referrals} >= {i for i, _ in shown}


def test_an_empty_list_of_referrals_writes_no_rows(world, api):
    client = api(world.user("commissioner"))
    before = AuditLog.objects.count()
    assert client.get("/api/v1/referrals").json()["count"] == 0
    assert AuditLog.objects.count() == before
