"""The pages that gather many contexts for one person or one worker (ADR 0008): the person's page, the caseload
and its reassignment, recording a contact (with the code it raised), discharge (with the connections a service has
not yet seen), and the connections to follow up. Thin: each reads through presenters and writes through one
context's services."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
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
    user = request.user
    practitioners = list(referral_services.caseload_holders(user.organisation_id))
    practices = list(practices_within_reach(user))
    filters = CaseloadFilterForm(
        request.GET or None, practitioners=practitioners, practices=practices, supervisor=user.is_supervisor
    )
    cleaned = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    pages = {key: request.GET.get(f"{key}_page") for key in SECTIONS}
    sections = build_caseload(user, cleaned, pages)
    Auditor.from_request(request).viewed("caseload", detail={"filters": {k: v for k, v in cleaned.items() if v}})
    context = {
        "title": "Caseload",
        "filters": filters,
        "sections": sections,
        "can_reassign": user.has_perm("referrals.reassign"),
        "reassign_form": ReassignForm(practitioners=practitioners),
    }
    return render(request, "casework/caseload.html", context)


@require_POST
@permission_required("referrals.reassign", raise_exception=True)
def reassign(request):
    user = request.user
    practitioners = list(referral_services.caseload_holders(user.organisation_id))
    form = ReassignForm(request.POST, practitioners=practitioners)
    if form.is_valid():
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
            messages.error(request, " ".join(e.message.capitalize() for e in exc.errors))
        else:
            messages.success(request, f"Reassigned {moved} referral{'s' if moved != 1 else ''}.")
    else:
        messages.error(request, "Choose who to reassign to.")
    return redirect(reverse("casework:caseload") + "?who=all")


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
