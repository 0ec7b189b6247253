from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from linkwork.connections import services as connection_services
from linkwork.core.access import get_in_scope, pick
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.paging import page_of
from linkwork.nhsuk_forms.errors import add_rule_violations
from linkwork.people.identifiers import normalise_nhs_number
from linkwork.people.models import Person
from linkwork.people.services import practices_within_reach
from linkwork.referrals import services
from linkwork.referrals.caseload import build_caseload
from linkwork.referrals.forms import (
    CONTACT_FORM_FIELDS,
    REFERRAL_FORM_FIELDS,
    CaseloadFilterForm,
    ContactForm,
    DischargeForm,
    FindPersonForm,
    ReassignForm,
    ReferralForm,
)
from linkwork.referrals.models import Referral


@permission_required("referrals.view_caseload", raise_exception=True)
def caseload(request):
    user = request.user
    practitioners = list(services.caseload_holders(user.organisation_id))
    practices = list(practices_within_reach(user))
    filters = CaseloadFilterForm(
        request.GET or None, practitioners=practitioners, practices=practices, supervisor=user.is_supervisor
    )
    cleaned = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    pages = {key: request.GET.get(f"{key}_page") for key in ("waiting", "active", "closed")}
    sections = build_caseload(user, cleaned, pages)
    Auditor.from_request(request).viewed("caseload", detail={"filters": {k: v for k, v in cleaned.items() if v}})
    context = {
        "title": "Caseload",
        "filters": filters,
        "sections": sections,
        "can_reassign": user.has_perm("referrals.reassign"),
        "reassign_form": ReassignForm(practitioners=practitioners),
    }
    return render(request, "referrals/caseload.html", context)


@require_POST
@permission_required("referrals.reassign", raise_exception=True)
def reassign(request):
    user = request.user
    practitioners = list(services.caseload_holders(user.organisation_id))
    form = ReassignForm(request.POST, practitioners=practitioners)
    if form.is_valid():
        scoped = Referral.objects.for_user(user)
        if form.cleaned_data["from_practitioner"]:
            chosen = scoped.filter(assigned_to_id=form.cleaned_data["from_practitioner"])
        else:
            chosen = pick(scoped, form.cleaned_data["referrals"])
        try:
            moved = services.reassign(
                chosen, to_user_id=form.cleaned_data["to"], user=user, auditor=Auditor.from_request(request)
            )
        except RuleViolation as exc:
            messages.error(request, " ".join(e.message.capitalize() for e in exc.errors))
        else:
            messages.success(request, f"Reassigned {moved} referral{'s' if moved != 1 else ''}.")
    else:
        messages.error(request, "Choose who to reassign to.")
    return redirect(reverse("referrals:caseload") + "?who=all")


@permission_required("referrals.receive_referral", raise_exception=True)
def new_referral(request):
    user = request.user
    auditor = Auditor.from_request(request)
    practices = list(practices_within_reach(user))
    finder = FindPersonForm(request.GET or None)
    initial, found = {}, None
    if request.method == "GET" and finder.is_bound and finder.is_valid() and finder.cleaned_data["nhs_number"]:
        nhs_number = normalise_nhs_number(finder.cleaned_data["nhs_number"])
        found = Person.objects.for_user(user).select_related("gp_practice").filter(nhs_number=nhs_number).first()
        initial = {"nhs_number": nhs_number}
        if found is not None:
            auditor.viewed("person", found.pk, person_id=found.pk, detail={"found_by": "nhs_number"})
            initial.update(
                given_name=found.given_name,
                family_name=found.family_name,
                birth_date=found.birth_date,
                sex=found.sex,
                postcode=found.postcode,
                gp_practice=found.gp_practice.code,
            )
    if request.method == "POST":
        form = ReferralForm(request.POST, practices=practices)
        if form.is_valid():
            try:
                received = services.receive_referral(
                    form.referral_details(), user=user, auditor=auditor, person_details=form.person_details()
                )
            except RuleViolation as exc:
                add_rule_violations(form, exc, REFERRAL_FORM_FIELDS)
            else:
                for warning in received.warnings:
                    messages.warning(request, warning)
                messages.success(request, f"Referral received for {received.referral.person.full_name}.")
                if user.has_perm("people.view_person"):
                    return redirect("people:detail", received.referral.person_id)
                return redirect("referrals:detail", received.referral.pk)
    else:
        form = ReferralForm(initial=initial, practices=practices)
    context = {"title": "New referral", "form": form, "finder": finder, "found": found, "looked_up": bool(initial)}
    return render(request, "referrals/referral_form.html", context)


def _scoped_referral(request, referral_id) -> Referral:
    return get_in_scope(
        Referral.objects.for_user(request.user).select_related("person", "pcn", "practice", "assigned_to"),
        referral_id,
        Auditor.from_request(request),
        "referral",
    )


def referral_detail(request, referral_id):
    referral = _scoped_referral(request, referral_id)
    if request.user.has_perm("people.view_person"):
        return redirect(reverse("people:detail", args=[referral.person_id]) + f"#episode-{referral.pk}")
    Auditor.from_request(request).viewed("referral", referral.pk, person_id=referral.person_id)
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "title": "Referral",
            "referral": referral,
            "back_link": {"href": reverse("referrals:made"), "text": "Referrals I made"},
        },
    )


@permission_required("referrals.view_referrals_made", raise_exception=True)
def referrals_made(request):
    referrals = Referral.objects.for_user(request.user).select_related("person").order_by("-received_on", "id")
    page = page_of(referrals, request.GET.get("page"))
    Auditor.from_request(request).viewed("referrals_made", detail={"count": page.paginator.count})
    return render(request, "referrals/referrals_made.html", {"title": "Referrals I made", "page": page})


def _episode_form_view(request, referral_id, form_class, template, title, act, extra=None):
    referral = _scoped_referral(request, referral_id)
    person_url = reverse("people:detail", args=[referral.person_id]) + f"#episode-{referral.pk}"
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                message = act(referral, form, Auditor.from_request(request))
            except RuleViolation as exc:
                add_rule_violations(form, exc, CONTACT_FORM_FIELDS)
            else:
                messages.success(request, message)
                return redirect(person_url)
    else:
        form = form_class()
    context = {"title": title, "form": form, "referral": referral, "back_link": {"href": person_url, "text": "Back"}}
    if extra is not None:
        context.update(extra(referral))
    return render(request, template, context)


@permission_required("referrals.record_contact", raise_exception=True)
def new_contact(request, referral_id):
    def act(referral, form, auditor):
        _contact, event = services.record_contact(referral, form.contact_details(), user=request.user, auditor=auditor)
        coded = (
            f" Code {event.code} is on the practice's coding worklist, due by {event.due_by:%-d %B %Y}."
            if event
            else ""
        )
        return f"Contact recorded.{coded}"

    return _episode_form_view(request, referral_id, ContactForm, "referrals/contact_form.html", "Record a contact", act)


@permission_required("referrals.discharge", raise_exception=True)
def discharge(request, referral_id):
    def act(referral, form, auditor):
        d = form.cleaned_data
        services.discharge(
            referral,
            discharged_on=d["discharged_on"],
            reason=d["reason"],
            note=d["note"],
            user=request.user,
            auditor=auditor,
        )
        return "Discharged. The episode is closed."

    def warning(referral):
        # Warn, never block: connections the services have not seen the person for yet (connections app).
        return {"not_yet_seen": connection_services.not_yet_seen(referral, request.user)}

    return _episode_form_view(
        request, referral_id, DischargeForm, "referrals/discharge_form.html", "Discharge", act, extra=warning
    )
