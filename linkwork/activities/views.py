"""Recording and listing activity not about one person. Thin: reach in presenters, rules and the write in services."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse

from linkwork.activities import presenters, services
from linkwork.activities.forms import ActivityForm
from linkwork.activities.vocabularies import ACTIVITY_KINDS
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.paging import page_of
from linkwork.nhsuk_forms.errors import add_rule_violations


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@permission_required("activities.view_activity", raise_exception=True)
def activity_list(request):
    supervisor = request.user.has_perm("activities.view_pcn_activity")
    practitioner = _uuid(request.GET.get("practitioner")) if supervisor else None
    kind = request.GET.get("kind", "")
    kind = kind if kind in ACTIVITY_KINDS else ""
    rows = presenters.activities_for(request.user, practitioner=practitioner, kind=kind)
    page = page_of(rows, request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in (("practitioner", practitioner or ""), ("kind", kind)) if v)
    context = {
        "title": "Activity not about one person",
        "page": page,
        "total": presenters.hours_and_minutes(presenters.total_minutes(rows)),
        "supervisor": supervisor,
        "practitioners": presenters.practitioners_for(request.user),
        "practitioner": practitioner,
        "kinds": ACTIVITY_KINDS.choices(),
        "kind": kind,
        "kind_label": presenters.kind_label,
        "query": f"&{query}" if query else "",
        "can_record": request.user.has_perm("activities.record_activity"),
    }
    return render(request, "activities/list.html", context)


@permission_required("activities.record_activity", raise_exception=True)
def new_activity(request):
    form = ActivityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.record_activity(
                occurred_on=data["occurred_on"],
                minutes=data["minutes"],
                kind=data["kind"],
                note=data["note"],
                user=request.user,
                auditor=Auditor.from_request(request),
            )
        except RuleViolation as exc:
            add_rule_violations(form, exc)
        else:
            messages.success(
                request,
                f"{presenters.hours_and_minutes(activity.minutes)} of {presenters.kind_label(activity.kind)} recorded.",
            )
            return redirect(reverse("activities:list"))
    context = {
        "title": "Record activity not about one person",
        "form": form,
        "back_link": {"href": reverse("activities:list"), "text": "Activity"},
    }
    return render(request, "activities/form.html", context)
