from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from linkwork.community.quality import presenters as quality
from linkwork.connections import directory as connection_directory
from linkwork.connections import presenters, services
from linkwork.connections.forms import (
    ConnectForm,
    DirectorySearchForm,
    EngagementForm,
    PersonSearchForm,
    StatusForm,
)
from linkwork.connections.models import Connection
from linkwork.connections.sharing import ServiceCopy
from linkwork.connections.vocabularies import STATUSES
from linkwork.core.access import get_in_scope
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.paging import page_of
from linkwork.core.text import plural
from linkwork.nhsuk_forms.errors import add_rule_violations
from linkwork.referrals.models import Referral


def _referral(request, referral_id, auditor: Auditor) -> Referral:
    return get_in_scope(
        Referral.objects.for_user(request.user).select_related("person"), referral_id, auditor, "referral"
    )


def _connection(request, connection_id, auditor: Auditor) -> Connection:
    return get_in_scope(
        Connection.objects.for_user(request.user)
        .select_related("person", "referral__care_plan", "service", "organisation")
        .prefetch_related(*presenters.history_prefetches()),
        connection_id,
        auditor,
        "connection",
    )


def _person_url(referral_or_connection) -> str:
    referral_id = getattr(referral_or_connection, "referral_id", None) or referral_or_connection.pk
    return reverse("casework:person", args=[referral_or_connection.person_id]) + f"#connections-{referral_id}"


def _back_to(request, connection: Connection) -> str:
    if services.side_for(request.user, connection) == "service":
        return reverse("connections:partner_detail", args=[connection.pk])
    return _person_url(connection)


CHOOSE_STEP = "choose"


@permission_required("connections.make_connection", raise_exception=True)
def new_connections(request, referral_id):
    """Step one: search the directory (grouped by category, with each organisation's capacity) and tick services.
    Step two: for each, the kind, the reason, what the person agreed to share and their consent, and a confirmation
    for an organisation taking no one; one save connects them to every service chosen, or to none. A link from a
    service's page (`?service=<id>`) starts at step two."""
    auditor = Auditor.from_request(request)
    referral = _referral(request, referral_id, auditor)
    data = request.POST if request.method == "POST" else request.GET
    chosen = connection_directory.in_category_order(services.services_by_id(data.getlist("service")))
    back = {"href": _person_url(referral), "text": referral.person.full_name}
    if not chosen:
        return _choose_services(request, referral, back, nothing_chosen=data.get("step") == CHOOSE_STEP)

    form = ConnectForm(connection_directory.choices_for(chosen), request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.make_connections(
                referral,
                form.items(),
                user=request.user,
                auditor=auditor,
                closed_confirmed=form.closed_confirmed(),
            )
        except RuleViolation as exc:
            add_rule_violations(form, exc, form.field_map())
        else:
            names = ", ".join(c.service.name for c in made)
            messages.success(request, f"{plural(len(made), 'connection')} sent: {names}.")
            return redirect(_person_url(referral))
    context = {"title": "Connect to services", "referral": referral, "form": form, "back_link": back}
    return render(request, "connections/connect_form.html", context)


def _choose_services(request, referral, back, *, nothing_chosen: bool):
    search = DirectorySearchForm(request.GET or None)
    q = category = ""
    if search.is_valid():
        q, category = search.cleaned_data["q"], search.cleaned_data["category"]
    page = page_of(services.directory(q, category), request.GET.get("page"))
    today = timezone.localdate()
    choices = connection_directory.choices_for(
        page, allowed=lambda s: quality.may_connect(s.organisation_id, referral.pcn_id, today).allowed
    )
    groups = connection_directory.grouped(choices)
    errors = []
    if nothing_chosen and groups:
        errors.append({"text": "Choose at least one service", "href": f"#service-{groups[0].key}"})
    context = {
        "title": "Connect to services",
        "referral": referral,
        "search": search,
        "page": page,
        "groups": groups,
        "errors": errors,
        "step": CHOOSE_STEP,
        "back_link": back,
    }
    return render(request, "connections/choose_services.html", context)


@permission_required("connections.make_connection", raise_exception=True)
def connect_person(request, service_id):
    """From a service's page: choose one of the link worker's open episodes, then connect that person to the service
    (the connect form, with the service already chosen)."""
    auditor = Auditor.from_request(request)
    service = get_in_scope(connection_directory.services_for(request.user), service_id, auditor, "service")
    search = PersonSearchForm(request.GET or None)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    page = page_of(presenters.episodes_to_connect(request.user, words), request.GET.get("page"))
    already = presenters.open_connections_to(service, [r.pk for r in page])
    context = {
        "title": f"Connect a person to {service.name}",
        "service": service,
        "choice": connection_directory.choices_for([service])[0],
        "connectable": service.status in services.CONNECTABLE_SERVICE_STATUSES,
        "search": search,
        "page": page,
        "rows": [(r, r.pk in already) for r in page],
        "back_link": {"href": reverse("community:service", args=[service.pk]), "text": service.name},
    }
    return render(request, "connections/connect_person.html", context)


@permission_required("connections.use_partner_portal", raise_exception=True)
def partner_list(request):
    """The connections sent to the partner's organisation, newest first; a name only where the person shared it."""
    status = request.GET.get("status", "")
    rows = (
        Connection.objects.for_user(request.user)
        .select_related("service", "person")
        .order_by("-sent_on", "-created_at")
    )
    if status in STATUSES:
        rows = rows.filter(status=status)
    page = page_of(rows, request.GET.get("page"))
    shown = [(c, ServiceCopy.for_viewer(c, request.user).name) for c in page]
    named = [(c.pk, c.person_id) for c, name in shown if name]
    if named:
        Auditor.from_request(request).viewed_many("connection", named, detail={"shared_fields": ["name"]})
    context = {
        "title": "Connections sent to you",
        "page": page,
        "rows": [(presenters.ConnectionView(c), name) for c, name in shown],
        "statuses": STATUSES.choices(),
        "status": status,
    }
    return render(request, "connections/partner_list.html", context)


@permission_required("connections.use_partner_portal", raise_exception=True)
def partner_detail(request, connection_id):
    """One connection, with only what the person agreed to share; reading it is audited."""
    auditor = Auditor.from_request(request)
    connection = _connection(request, connection_id, auditor)
    shared = ServiceCopy.for_viewer(connection, request.user).person()
    auditor.viewed(
        "connection",
        connection.pk,
        person_id=connection.person_id,
        detail={"shared_fields": list(connection.shared_fields)},
    )
    context = {
        "title": f"Connection to {connection.service.name}",
        "view": presenters.ConnectionView(connection),
        "connection": connection,
        "shared": shared,
        "can_change": bool(presenters.service_statuses(connection.status)),
        "back_link": {"href": reverse("connections:partner_list"), "text": "Connections sent to you"},
    }
    return render(request, "connections/partner_detail.html", context)


@permission_required("connections.change_connection", raise_exception=True)
def change_status(request, connection_id):
    auditor = Auditor.from_request(request)
    connection = _connection(request, connection_id, auditor)
    side = services.side_for(request.user, connection)
    if side is None:
        raise PermissionDenied("only the service it was sent to or the PCN's practitioners change a connection")
    choices = (
        presenters.service_statuses(connection.status)
        if side == "service"
        else presenters.referrer_statuses(connection.status)
    )
    form = StatusForm(choices, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.change_status(
                connection,
                d["status"],
                d["reason"],
                expected_start_on=d["expected_start_on"],
                user=request.user,
                auditor=auditor,
            )
        except RuleViolation as exc:
            add_rule_violations(form, exc)
        else:
            messages.success(request, f"Connection now {STATUSES.label(d['status']).lower()}.")
            return redirect(_back_to(request, connection))
    context = {
        "title": "Update the connection",
        "connection": connection,
        "view": presenters.ConnectionView(connection),
        "form": form,
        "side": side,
        "back_link": {"href": _back_to(request, connection), "text": "Back"},
    }
    return render(request, "connections/status_form.html", context)


@permission_required("connections.change_connection", raise_exception=True)
def report_engagement(request, connection_id):
    auditor = Auditor.from_request(request)
    connection = _connection(request, connection_id, auditor)
    if services.side_for(request.user, connection) is None:
        raise PermissionDenied("only the service it was sent to or the PCN's practitioners report engagement")
    initial = {
        "engagement": connection.engagement,
        "first_seen_on": connection.first_seen_on,
        "outcome": connection.outcome,
    }
    form = EngagementForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = services.record_engagement(
                connection,
                d["engagement"],
                d["first_seen_on"],
                d["outcome"],
                user=request.user,
                auditor=auditor,
            )
        except RuleViolation as exc:
            add_rule_violations(form, exc)
        else:
            moved = saved.status != connection.status
            status = f" The connection is now {STATUSES.label(saved.status).lower()}." if moved else ""
            messages.success(request, f"Engagement saved.{status}")
            return redirect(_back_to(request, connection))
    context = {
        "title": "Report engagement",
        "connection": connection,
        "view": presenters.ConnectionView(connection),
        "form": form,
        "back_link": {"href": _back_to(request, connection), "text": "Back"},
    }
    return render(request, "connections/engagement_form.html", context)
