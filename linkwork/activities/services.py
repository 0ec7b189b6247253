"""Recording activity that is not about one person (seed 000). Every rule is checked first (policy), the write is one
transaction with its audit row, and nothing names or codes a person."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.activities import policy
from linkwork.activities.models import Activity
from linkwork.activities.vocabularies import ACTIVITY_KINDS
from linkwork.core.auditor import Auditor
from linkwork.core.errors import FieldError, RuleViolation
from linkwork.core.roles import CASELOAD_ROLES
from linkwork.core.text import words


@transaction.atomic
def record_activity(
    *, occurred_on: date | None, minutes: Any, kind: str, note: str = "", user: User, auditor: Auditor
) -> Activity:
    """Keep one piece of the practitioner's own activity for their PCN: date, minutes, kind and a note."""
    if user.role not in CASELOAD_ROLES:
        raise RuleViolation.single(
            "user", "role", "only link workers, health and wellbeing coaches and care coordinators record activity"
        )
    problems = policy.activity_problems(
        occurred_on=occurred_on,
        minutes=minutes,
        kind=kind,
        note=note,
        kinds=ACTIVITY_KINDS.keys(),
        today=timezone.localdate(),
    )
    if problems:
        raise RuleViolation([FieldError(*problem) for problem in problems])
    assert occurred_on is not None
    activity = Activity.objects.create(
        pcn_id=user.organisation_id,
        practitioner=user,
        occurred_on=occurred_on,
        minutes=minutes,
        kind=kind,
        note=words(note),
        created_by=auditor.actor,
    )
    auditor.created(
        "activity",
        activity.pk,
        detail={"kind": kind, "minutes": minutes, "occurred_on": occurred_on.isoformat()},
    )
    return activity
