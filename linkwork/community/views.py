"""The community directory's pages: the staff directory, a service, adding and changing services, capacity, the
printable menu, and the public directory (no sign-in, no record of who looked)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from linkwork.community import presenters, search, services
from linkwork.community.forms import CapacityForm, DirectorySearchForm, MenuForm, PublicSearchForm, ServiceForm
from linkwork.community.vocabularies import SERVICE_CATEGORIES, SERVICE_STATUSES
from linkwork.core.access import get_in_scope
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.paging import page_of
from linkwork.nhsuk_forms.errors import add_rule_violations


def _results(request, form, services_qs):
    """Search, page and add capacity; a search that breaks a rule shows its errors and no results."""
    terms = form.search()
    try:
        found = search.search(services_qs, terms)
    except RuleViolation as exc:
        # A full postcode typed in the place box is a search near it: its problems belong to that box.
        add_rule_violations(form, exc, {"near": "place"})
        found = services_qs.none()
    page = page_of(found, request.GET.get("page"))
    return page, presenters.with_capacity(page.object_list), terms


def _page_links(request, page) -> dict:
    query = request.GET.copy()
    links = {}
    if page.has_previous():
        query["page"] = page.previous_page_number()
        links["previousUrl"] = "?" + query.urlencode()
    if page.has_next():
        query["page"] = page.next_page_number()
        links["nextUrl"] = "?" + query.urlencode()
    return {**links, "ariaLabel": "Pages of services"} if links else {}


@permission_required("community.view_directory", raise_exception=True)
def directory_search(request):
    form = DirectorySearchForm(request.GET)
    page, rows, terms = _results(request, form, presenters.services_for(request.user))
    organisation_id = terms.organisation_id
    near = presenters.near_text(terms)
    context = {
        "title": "Community directory",
        "form": form,
        "near": near,
        "organisation": presenters.provider_organisation(organisation_id) if organisation_id else None,
        "page": page,
        "rows": rows,
        "page_links": _page_links(request, page),
        "can_add": request.user.has_perm("community.change_service"),
        "can_print_menu": request.user.has_perm("community.view_menu"),
    }
    return render(request, "community/directory.html", context)


def _service(request, service_id, auditor: Auditor):
    return get_in_scope(presenters.services_for(request.user), service_id, auditor, "service")


@permission_required("community.view_directory", raise_exception=True)
def service_detail(request, service_id):
    service = _service(request, service_id, Auditor.from_request(request))
    organisation = service.organisation
    context = {
        "title": service.name,
        "service": service,
        "category_label": SERVICE_CATEGORIES.label(service.category),
        "status_label": SERVICE_STATUSES.label(service.status),
        "capacity": presenters.capacity_of(organisation.pk),
        "can_change": request.user.has_perm("community.change_service", organisation),
        "can_state_capacity": request.user.has_perm("community.state_capacity", organisation),
        "back_link": {"href": reverse("community:directory"), "text": "Back to the directory"},
    }
    return render(request, "community/service_detail.html", context)


def _save_service_form(request, form, save):
    """Run `save(values)` for a valid form; a broken rule goes back onto the form. Returns the service or None."""
    if not form.is_valid():
        return None
    try:
        return save(form.service_values())
    except RuleViolation as exc:
        add_rule_violations(form, exc)
        return None


@permission_required("community.change_service", raise_exception=True)
def new_service(request):
    user = request.user
    auditor = Auditor.from_request(request)
    # A VCSE partner adds services for its own organisation only; PCN staff choose the organisation.
    choosing = user.has_perm("community.view_menu")
    organisations = list(presenters.provider_organisations()) if choosing else None
    preset = request.GET.get("organisation", "")
    form = ServiceForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={"status": "active", "organisation": preset},
    )
    if request.method == "POST":

        def save(values):
            chosen = form.cleaned_data["organisation"] if choosing else user.organisation_id
            organisation = presenters.provider_organisation(chosen) if chosen else None
            if organisation is None and not choosing:
                raise PermissionDenied("your organisation does not offer services in the directory")
            if organisation is not None and not user.has_perm("community.change_service", organisation):
                auditor.denied("service", detail={"organisation": organisation.code})
                raise PermissionDenied(f"{user.role_label} may not add services for {organisation.name}")
            return services.add_service(organisation, values, user=user, auditor=auditor)

        service = _save_service_form(request, form, save)
        if service is not None:
            messages.success(request, f"{service.name} added to the directory.")
            return redirect("community:service", service.pk)
    context = {
        "title": "Add a service",
        "form": form,
        "organisation": None if choosing else user.organisation,
        "back_link": {"href": reverse("community:directory"), "text": "Back to the directory"},
    }
    return render(request, "community/service_form.html", context)


@permission_required("community.change_service", raise_exception=True)
def edit_service(request, service_id):
    user = request.user
    auditor = Auditor.from_request(request)
    service = _service(request, service_id, auditor)
    if not user.has_perm("community.change_service", service.organisation):
        auditor.denied("service", object_id=service.pk)
        raise PermissionDenied(f"{user.role_label} may change only their own organisation's services")
    initial = {name: getattr(service, name) for name in services.SERVICE_FIELDS}
    form = ServiceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        changed = _save_service_form(
            request, form, lambda values: services.change_service(service, values, user=user, auditor=auditor)
        )
        if changed is not None:
            messages.success(request, "Service saved." if changed else "Nothing changed.")
            return redirect("community:service", service.pk)
    context = {
        "title": f"Change {service.name}",
        "form": form,
        "service": service,
        "organisation": service.organisation,
        "back_link": {"href": reverse("community:service", args=[service.pk]), "text": "Back to the service"},
    }
    return render(request, "community/service_form.html", context)


@permission_required("community.view_directory", raise_exception=True)
def capacity(request, organisation_id):
    user = request.user
    auditor = Auditor.from_request(request)
    organisation = presenters.provider_organisation(organisation_id)
    if organisation is None or not (
        user.has_perm("community.view_whole_directory") or organisation.pk == user.organisation_id
    ):
        auditor.denied("capacity_statement", detail={"organisation_id": str(organisation_id)})
        raise Http404("no provider organisation with that id in your reach")
    may_state = user.has_perm("community.state_capacity", organisation)
    form = CapacityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_state:
            auditor.denied("capacity_statement", detail={"organisation": organisation.code})
            raise PermissionDenied(f"{user.role_label} may not state capacity for {organisation.name}")
        if form.is_valid():
            try:
                services.state_capacity(organisation, **form.cleaned_data, user=user, auditor=auditor)
            except RuleViolation as exc:
                add_rule_violations(form, exc)
            else:
                messages.success(request, f"Capacity recorded for {organisation.name}.")
                return redirect("community:capacity", organisation.pk)
    context = {
        "title": f"Capacity: {organisation.name}",
        "organisation": organisation,
        "capacity": presenters.capacity_of(organisation.pk),
        "history": presenters.capacity_history(organisation.pk),
        "form": form if may_state else None,
        "back_link": {"href": reverse("community:directory"), "text": "Back to the directory"},
    }
    return render(request, "community/capacity.html", context)


@permission_required("community.view_menu", raise_exception=True)
def menu(request):
    form = MenuForm(request.GET)
    found = presenters.Menu(groups=[], count=0, truncated=False)
    if form.is_valid():
        try:
            found = presenters.menu(form.cleaned_data["category"], form.cleaned_data["place"])
        except RuleViolation as exc:
            add_rule_violations(form, exc)
    context = {"title": "Menu of local support", "form": form, "menu": found}
    return render(request, "community/menu.html", context)


@login_not_required
def public_directory(request):
    form = PublicSearchForm(request.GET)
    page, rows, terms = _results(request, form, presenters.public_services())
    near = presenters.near_text(terms)
    context = {
        "title": "Find local support",
        "form": form,
        "near": near,
        "page": page,
        "rows": rows,
        "page_links": _page_links(request, page),
    }
    return render(request, "community/public_directory.html", context)


@login_not_required
def public_service(request, service_id):
    service = presenters.public_services().filter(pk=service_id).first()
    if service is None:
        raise Http404("no service with that id in the public directory")
    services.count_public_view(service.pk)
    context = {
        "title": service.name,
        "service": service,
        "category_label": SERVICE_CATEGORIES.label(service.category),
        "status_label": SERVICE_STATUSES.label(service.status),
        "back_link": {"href": reverse("community:public_directory"), "text": "Back to find local support"},
    }
    return render(request, "community/public_service.html", context)
