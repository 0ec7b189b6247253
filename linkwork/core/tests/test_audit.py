from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from linkwork.core.auditor import Auditor
from linkwork.core.models import AppendOnlyError, AuditLog


def test_audit_rows_cannot_be_changed_or_deleted(world):
    Auditor(world.user("link_worker")).viewed("person", "x", person_id=None)
    row = AuditLog.objects.get()
    row.what = "something else"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().update(what="x")
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get().what == "person"


def test_an_audited_action_needs_an_actor_or_a_named_job():
    with pytest.raises(ValueError):
        Auditor(None)
    assert Auditor(system="nightly").label == "system:nightly"


def test_administrators_view_and_filter_the_audit_log(world, person):
    lw = world.user("link_worker")
    with time_machine.travel(datetime(2026, 11, 1, 9, tzinfo=ZoneInfo("Europe/London"))):
        Auditor(lw).viewed("person", person.pk, person_id=person.pk)
    with time_machine.travel(datetime(2026, 11, 5, 9, tzinfo=ZoneInfo("Europe/London"))):
        Auditor(world.user("pcn_manager")).updated("referral", "r1", person_id=person.pk)
    client = Client()
    client.force_login(world.user("admin"))
    html = client.get("/audit", {"person": str(person.pk), "action": "view"}).content.decode()
    assert "link_worker@example.nhs.uk" in html and "pcn_manager@example.nhs.uk" not in html
    html = client.get("/audit", {"date_from": "2026-11-04", "date_to": "2026-11-05"}).content.decode()
    assert "pcn_manager@example.nhs.uk" in html and "link_worker@example.nhs.uk</td>" not in html
    html = client.get("/audit", {"actor": "pcn_manager"}).content.decode()
    assert "Changed" in html
    assert AuditLog.objects.filter(what="audit_log", actor=world.user("admin")).count() == 3


def test_only_administrators_see_the_audit_log(world):
    client = Client()
    client.force_login(world.user("pcn_manager"))
    assert client.get("/audit").status_code == 403
