from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse

from linkwork.core.access import get_in_scope
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.paging import page_of
from linkwork.nhsuk_forms.errors import add_rule_violations
from linkwork.people.identifiers import normalise_nhs_number
from linkwork.people.models import Person
from linkwork.people.services import practices_within_reach
from linkwork.referrals import services
from linkwork.referrals.forms import (
    REFERRAL_FORM_FIELDS,
    FindPersonForm,
    ReferralForm,
)
from linkwork.referrals.models import Referral


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
                    return redirect("casework:person", received.referral.person_id)
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
        return redirect(reverse("casework:person", args=[referral.person_id]) + f"#episode-{referral.pk}")
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
