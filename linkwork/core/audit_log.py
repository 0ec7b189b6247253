"""The administrator's view of the audit log: filters and the query behind them."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from linkwork.core.models import AuditLog


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="User email", required=False)
    person = forms.UUIDField(label="Person id", required=False)
    action = forms.ChoiceField(label="Action", required=False, choices=[("", "Any"), *AuditLog.Action.choices])
    what = forms.CharField(label="Record or page", required=False, help_text="For example person, referral, contact")
    date_from = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    date_to = forms.DateField(label="To (YYYY-MM-DD)", required=False, help_text="Up to and including this day")


def filtered_audit_log(form: AuditFilterForm):
    rows = AuditLog.objects.all().order_by("-at")
    if not form.is_bound or not form.is_valid():
        return rows
    data = form.cleaned_data
    if data["actor"]:
        rows = rows.filter(actor_label__icontains=data["actor"].strip())
    if data["person"]:
        rows = rows.filter(person_id=data["person"])
    if data["action"]:
        rows = rows.filter(action=data["action"])
    if data["what"]:
        rows = rows.filter(what=data["what"].strip())
    tz = timezone.get_current_timezone()
    if data["date_from"]:
        rows = rows.filter(at__gte=datetime.combine(data["date_from"], time.min, tzinfo=tz))
    if data["date_to"]:
        rows = rows.filter(at__lt=datetime.combine(data["date_to"] + timedelta(days=1), time.min, tzinfo=tz))
    return rows
