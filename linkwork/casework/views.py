"""The pages that gather many contexts for one person or one worker (ADR 0008): the person's page, the caseload
and its reassignment, recording a contact (with the code it raised), discharge (with the connections a service has
not yet seen), and the connections to follow up. Thin: each reads through presenters and writes through one
context's services."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from linkwork.casework.forms import CaseloadFilterForm, ReassignForm
from linkwork.casework.presenters.caseload import SECTIONS, build_caseload
from linkwork.casework.presenters.person import person_page
from linkwork.coding.services import code_raised_by
from linkwork.connections import presenters as connection_presenters
from linkwork.connections import services as connection_services
from linkwork.core.access import get_in_scope, pick
from linkwork.core.auditor import Auditor
from linkwork.core.dates import long_date
from linkwork.core.errors import RuleViolation
from linkwork.core.paging import page_of
from linkwork.core.text import plural
from linkwork.nhsuk_forms.errors import add_rule_violations
from linkwork.people.models import Person
from linkwork.people.services import practices_within_reach
from linkwork.referrals import services as referral_services
from linkwork.referrals.forms import CONTACT_FORM_FIELDS, ContactForm, DischargeForm
from linkwork.referrals.models import Referral


def person_url(person_id, referral_id=None, section: str = "episode") -> str:
    """The person's page, at one episode's card (or one of its sections) when given."""
    url = reverse("casework:person", args=[person_id])
    return f"{url}#{section}-{referral_id}" if referral_id else url


@permission_required("people.view_person", raise_exception=True)
def person_detail(request, person_id):
    auditor = Auditor.from_request(request)
    person = get_in_scope(
        Person.objects.for_user(request.user).select_related("gp_practice"), person_id, auditor, "person"
    )
    auditor.viewed("person", person.pk, person_id=person.pk)
    context = {
        "title": person.full_name,
        "page": person_page(person, request.user),
        "can_record_contact": request.user.has_perm("referrals.record_contact"),
        "can_discharge": request.user.has_perm("referrals.discharge"),
        "back_link": {"href": reverse("casework:caseload"), "text": "Caseload"},
    }
    return render(request, "casework/person_detail.html", context)


@permission_required("referrals.view_caseload", raise_exception=True)
def caseload(request):
    return _caseload_page(request, request.GET)


CASELOAD_HOME = "/caseload?who=all"
REASSIGNABLE_SECTIONS = ("waiting", "active")  # the sections with open episodes to tick


def _caseload_page(request, query, reassign_form=None, errors=None, section=""):
    """The caseload as `query` (the page's GET parameters) asks for it; after a refused reassignment, the same view with
    the error summary and what was ticked."""
    user = request.user
    practitioners = list(referral_services.caseload_holders(user.organisation_id))
    practices = list(practices_within_reach(user))
    filters = CaseloadFilterForm(
        query or None, practitioners=practitioners, practices=practices, supervisor=user.is_supervisor
    )
    cleaned = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    pages = {key: query.get(f"{key}_page") for key in SECTIONS}
    sections = build_caseload(user, cleaned, pages)
    Auditor.from_request(request).viewed("caseload", detail={"filters": {k: v for k, v in cleaned.items() if v}})
    ticked = set(reassign_form.data.getlist("referrals")) if reassign_form is not None else set()
    errors = [{**e, "href": _error_anchor(e["field"], section, sections)} for e in errors or []]
    context = {
        "title": "Caseload",
        "filters": filters,
        "query": query,
        "sections": sections,
        "can_reassign": user.has_perm("referrals.reassign"),
        "reassignable": REASSIGNABLE_SECTIONS,
        "reassign_form": ReassignForm(practitioners=practitioners),
        "refused_form": reassign_form,
        "refused_section": section,
        "ticked": ticked,
        "errors": errors,
        "error_for": {e["field"]: e["text"] for e in errors},
        "back": request.get_full_path() if request.method == "GET" else _safe_back(request.POST.get("back")),
    }
    return render(request, "casework/caseload.html", context)


def _error_anchor(field: str, section: str, sections) -> str:
    """Where a reassignment error's summary link goes: the section's first box, its "reassign to" choice, or the
    cover form's fields."""
    if field == "referrals":
        rows = next((s.rows for s in sections if s.key == section), [])
        first = next((row for row in rows if row.is_open), None)
        return f"#select-{first.referral_id}" if first else f"#{section}"
    if section == "all":
        return "#move-from" if field == "from_practitioner" else "#move-to"
    return f"#reassign-to-{section}"


def _safe_back(back: str | None) -> str:
    """Where to return after reassigning: the caseload view the user was on, never anywhere else."""
    if back and back.startswith("/caseload") and not back.startswith("/caseload/") and "//" not in back:
        return back
    return CASELOAD_HOME


@require_POST
@permission_required("referrals.reassign", raise_exception=True)
def reassign(request):
    """Reassign the people ticked in one section of the caseload (or every open referral of one practitioner) for
    cover. Nothing ticked or nobody chosen is shown as an error summary on the caseload, linked to the field."""
    user = request.user
    practitioners = list(referral_services.caseload_holders(user.organisation_id))
    form = ReassignForm(request.POST, practitioners=practitioners)
    back = _safe_back(request.POST.get("back"))
    section = request.POST.get("section", "")
    section = section if section in REASSIGNABLE_SECTIONS else "all"
    if not form.is_valid():
        return _refused(request, form, section, {"to": "Choose who to reassign to"})
    scoped = Referral.objects.for_user(user)
    if form.cleaned_data["from_practitioner"]:
        chosen = scoped.filter(assigned_to_id=form.cleaned_data["from_practitioner"])
    else:
        chosen = pick(scoped, form.cleaned_data["referrals"])
    try:
        moved = referral_services.reassign(
            chosen, to_user_id=form.cleaned_data["to"], user=user, auditor=Auditor.from_request(request)
        )
    except RuleViolation as exc:
        return _refused(request, form, section, {e.field: e.message.capitalize() for e in exc.errors})
    messages.success(request, f"Reassigned {plural(moved, 'referral')}.")
    return redirect(back)


def _refused(request, form, section: str, problems: dict[str, str]):
    """The caseload the user came from, with each problem in the error summary linked to its field."""
    back = _safe_back(request.POST.get("back"))
    query = QueryDict(urlsplit(back).query)
    errors = []
    for field, message in problems.items():
        if field == "referrals" and section == "all":
            field, message = "from_practitioner", "Choose whose referrals to move"
        errors.append({"field": field, "text": message, "href": ""})
    return _caseload_page(request, query, reassign_form=form, errors=errors, section=section)


def _scoped_referral(request, referral_id) -> Referral:
    return get_in_scope(
        Referral.objects.for_user(request.user).select_related("person", "pcn", "practice", "assigned_to"),
        referral_id,
        Auditor.from_request(request),
        "referral",
    )


def _episode_form_view(request, referral_id, form_class, template, title, act, extra=None):
    referral = _scoped_referral(request, referral_id)
    back = person_url(referral.person_id, referral.pk)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                message = act(referral, form, Auditor.from_request(request))
            except RuleViolation as exc:
                add_rule_violations(form, exc, CONTACT_FORM_FIELDS)
            else:
                messages.success(request, message)
                return redirect(back)
    else:
        form = form_class()
    context = {"title": title, "form": form, "referral": referral, "back_link": {"href": back, "text": "Back"}}
    if extra is not None:
        context.update(extra(referral))
    return render(request, template, context)


@permission_required("referrals.record_contact", raise_exception=True)
def new_contact(request, referral_id):
    def act(referral, form, auditor):
        contact = referral_services.record_contact(referral, form.contact_details(), user=request.user, auditor=auditor)
        event = code_raised_by(contact)
        coded = (
            f" Code {event.code} is on the practice's coding worklist, due by {long_date(event.due_by)}."
            if event
            else ""
        )
        return f"Contact recorded.{coded}"

    return _episode_form_view(request, referral_id, ContactForm, "casework/contact_form.html", "Record a contact", act)


@permission_required("referrals.discharge", raise_exception=True)
def discharge(request, referral_id):
    def act(referral, form, auditor):
        d = form.cleaned_data
        referral_services.discharge(
            referral,
            discharged_on=d["discharged_on"],
            reason=d["reason"],
            note=d["note"],
            user=request.user,
            auditor=auditor,
        )
        return "Discharged. The episode is closed."

    def warning(referral):
        # Warn, never block: connections the services have not seen the person for yet.
        return {"not_yet_seen": connection_services.not_yet_seen(referral, request.user)}

    return _episode_form_view(
        request, referral_id, DischargeForm, "casework/discharge_form.html", "Discharge", act, extra=warning
    )


@permission_required("connections.view_follow_up", raise_exception=True)
def follow_up(request):
    """Every connection of the PCN still waiting on the service, or where nobody knows if the person went."""
    page = page_of(connection_services.follow_up(request.user), request.GET.get("page"))
    rows = [connection_presenters.ConnectionView(c) for c in page]
    Auditor.from_request(request).viewed_many("connection", [(c.pk, c.person_id) for c in page])
    context = {"title": "Connections to follow up", "page": page, "rows": rows}
    return render(request, "casework/follow_up.html", context)
