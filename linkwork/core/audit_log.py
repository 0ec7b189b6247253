"""The administrator's view of the audit log: the filters, and the one query behind the page and the API."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.core.models import AuditLog


@dataclass(frozen=True)
class AuditFilters:
    """What to look for; empty values match everything. `date_to` is included (up to the end of that day)."""

    actor: str = ""
    person: uuid.UUID | None = None
    action: str = ""
    what: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def given(self) -> dict[str, str]:
        """The filters that were set, as text, for the audit row that records this read of the log."""
        return {name: str(value) for name, value in self.__dict__.items() if value not in ("", None)}


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="User email", required=False)
    person = forms.UUIDField(label="Person id", required=False)
    action = forms.ChoiceField(label="Action", required=False, choices=[("", "Any"), *AuditLog.Action.choices])
    what = forms.CharField(label="Record or page", required=False, help_text="For example person, referral, contact")
    date_from = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    date_to = forms.DateField(label="To (YYYY-MM-DD)", required=False, help_text="Up to and including this day")

    def filters(self) -> AuditFilters:
        if not self.is_bound or not self.is_valid():
            return AuditFilters()
        return AuditFilters(**self.cleaned_data)


def audit_rows(filters: AuditFilters) -> QuerySet[AuditLog]:
    """Audit rows matching `filters`, newest first (ties broken by id, so pages never overlap)."""
    rows = AuditLog.objects.all().order_by("-at", "-id")
    if filters.actor.strip():
        rows = rows.filter(actor_label__icontains=filters.actor.strip())
    if filters.person:
        rows = rows.filter(person_id=filters.person)
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.what.strip():
        rows = rows.filter(what=filters.what.strip())
    tz = timezone.get_current_timezone()
    if filters.date_from:
        rows = rows.filter(at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to:
        rows = rows.filter(at__lt=datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=tz))
    return rows
