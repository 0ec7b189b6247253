"""Quality assurance pages: the PCN's overview, one organisation's record with its forms, and the VCSE partner's
confidence survey. Thin: queries in quality.presenters, rules and writes in quality.services and survey_services."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from linkwork.community.models import ConfidenceSurvey
from linkwork.community.quality import policy, presenters, services, sheets, survey_services
from linkwork.community.quality.forms import (
    AgreementForm,
    AssessmentForm,
    CatchUpForm,
    ConfidenceSurveyForm,
    ExceptionForm,
    LeadershipChangeForm,
)
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.nhsuk_forms.errors import add_rule_violations
from linkwork.organisations.models import PROVIDER_KINDS, Organisation

VIEW = "community.view_quality_assurance"
RECORD = "community.record_quality_assurance"
GRANT = "community.grant_agreement_exception"
TAKE_SURVEY = "community.take_confidence_survey"
ANSWER_SURVEY = "community.answer_confidence_survey"

AGREEMENT_TAGS = {
    policy.CURRENT: ("Agreement current", "green"),
    policy.DUE: ("Review due", "yellow"),
    policy.OVERDUE: ("Review overdue or lapsed", "red"),
    policy.NONE: ("No agreement", "grey"),
}
# Said before the agreement form when it could not be signed today (seed 003 Appendix 5, steps 2 to 4).
SIGNING_WARNINGS = {
    policy.PROMPT_SHEET_REQUIRED: (
        "Work through a prompt sheet with the organisation first. The agreement is signed once you are confident to "
        "connect people to it, or when your PCN manager has recorded an exception."
    ),
    policy.NOT_CONFIDENT: (
        "The last prompt sheet worked through with the organisation was not confident. Agree the actions, work "
        "through it again when they are done, or ask your PCN manager to record an exception."
    ),
}
EVERY_MONTHS_TAGS = {
    policy.CURRENT: ("Up to date", "green"),
    policy.DUE: ("Due", "yellow"),
    policy.OVERDUE: ("Overdue", "red"),
}


def _provider(organisation_id) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id, kind__in=PROVIDER_KINDS).first()
    if organisation is None:
        raise Http404("no community organisation with that id")
    return organisation


def _organisation_url(organisation: Organisation) -> str:
    return reverse("community:quality_organisation", args=[organisation.pk])


def _back(organisation: Organisation) -> dict:
    return {"href": _organisation_url(organisation), "text": organisation.name}


def _tags() -> dict:
    return {"agreement_tags": AGREEMENT_TAGS, "every_months_tags": EVERY_MONTHS_TAGS}


@permission_required(VIEW, raise_exception=True)
def overview(request):
    today = timezone.localdate()
    rows = presenters.standings(request.user.organisation_id, today)
    context = {
        "title": "Quality assurance",
        "rows": rows,
        "needing_attention": sum(1 for row in rows if row.attention < 2),
        "today": today,
        **_tags(),
    }
    return render(request, "community/quality/overview.html", context)


@permission_required(VIEW, raise_exception=True)
def organisation_page(request, organisation_id):
    organisation = _provider(organisation_id)
    today = timezone.localdate()
    pcn_id = request.user.organisation_id
    context = {
        "title": f"Quality assurance: {organisation.name}",
        "organisation": organisation,
        "standing": presenters.standing(organisation, pcn_id, today),
        "history": presenters.history(organisation.pk, pcn_id),
        "sheets": sheets.prompt_sheets()["sheets"],
        "coped_well": sheets.coped_well_options(),
        "can_record": request.user.has_perm(RECORD),
        "can_grant": request.user.has_perm(GRANT),
        "can_take_survey": request.user.has_perm(TAKE_SURVEY),
        "back_link": {"href": reverse("community:quality"), "text": "Quality assurance"},
        **_tags(),
    }
    return render(request, "community/quality/organisation.html", context)


def _form_page(request, form, act, context: dict, template: str = "community/quality/form.html", field_map=None):
    """Render `form`; on a valid POST run `act(cleaned_data)`, show its message and go back to the organisation."""
    if request.method == "POST" and form.is_valid():
        try:
            message = act(form.cleaned_data)
        except RuleViolation as exc:
            add_rule_violations(form, exc, field_map)
        else:
            messages.success(request, message)
            return redirect(context.get("done_url") or _organisation_url(context["organisation"]))
    return render(request, template, {"form": form, **context})


def _posted(request):
    return request.POST if request.method == "POST" else None


@permission_required(RECORD, raise_exception=True)
def new_assessment(request, organisation_id):
    organisation = _provider(organisation_id)
    by_key = sheets.prompt_sheets()["sheets"]
    key = request.GET.get("sheet") or sheets.suggested_sheet(organisation.kind)
    if key not in by_key:
        raise Http404("no prompt sheet by that name")
    form = AssessmentForm(_posted(request), sheet=by_key[key])
    auditor = Auditor.from_request(request)

    def act(data):
        services.record_assessment(organisation, **form.assessment(), user=request.user, auditor=auditor)
        return f"{by_key[key]['title']} prompt sheet saved."

    context = {
        "title": "Work through a prompt sheet",
        "organisation": organisation,
        "sheet": by_key[key],
        "other_sheets": [sheet for other, sheet in by_key.items() if other != key],
        "suggested": sheets.suggested_sheet(organisation.kind),
        "back_link": _back(organisation),
    }
    return _form_page(
        request, form, act, context, template="community/quality/assessment_form.html", field_map=form.field_map()
    )


@permission_required(RECORD, raise_exception=True)
def new_agreement(request, organisation_id):
    organisation = _provider(organisation_id)
    assessments = presenters.assessments_for(organisation.pk, request.user.organisation_id)
    latest = assessments[0] if assessments else None
    initial = {
        "sheet": latest.sheet if latest else sheets.suggested_sheet(organisation.kind),
        "assessment": str(latest.pk) if latest else "",
        "pcn_signatory": request.user.full_name,
    }
    form = AgreementForm(_posted(request), assessments=assessments, initial=initial)
    auditor = Auditor.from_request(request)

    def act(data):
        agreement = services.sign_agreement(
            organisation,
            sheet=data["sheet"],
            pcn_signatory=data["pcn_signatory"],
            pcn_signed_on=data["pcn_signed_on"],
            organisation_signatory=data["organisation_signatory"],
            organisation_signed_on=data["organisation_signed_on"],
            assessment=form.assessments.get(data["assessment"]),
            user=request.user,
            auditor=auditor,
        )
        due = agreement.review_due_on
        return f"Agreement to connect saved. Review it by {due.day} {due:%B %Y}."

    context = {
        "title": "Agreement to connect",
        "organisation": organisation,
        "intro": (
            "Signed by a PCN representative and a representative of the group or organisation. It is reviewed "
            "every year, or sooner if the leadership changes."
        ),
        "submit": "Save the agreement",
        "back_link": _back(organisation),
        "warning": SIGNING_WARNINGS.get(
            presenters.signing_refusal(organisation.pk, request.user.organisation_id, timezone.localdate()) or ""
        ),
        "warning_link": (
            reverse("community:quality_new_assessment", args=[organisation.pk]),
            "Work through a prompt sheet",
        ),
    }
    return _form_page(request, form, act, context)


@permission_required(RECORD, raise_exception=True)
def leadership_change(request, organisation_id):
    organisation = _provider(organisation_id)
    agreement = presenters.latest_agreement(organisation.pk, request.user.organisation_id)
    form = LeadershipChangeForm(_posted(request))
    auditor = Auditor.from_request(request)

    def act(data):
        services.record_leadership_change(
            organisation, changed_on=data["changed_on"], user=request.user, auditor=auditor
        )
        return "Change of leadership saved. The agreement needs a review: sign a new one to connect people again."

    context = {
        "title": "Change of leadership",
        "organisation": organisation,
        "intro": (
            "A significant change of leadership calls a review of the agreement to connect. Until a new agreement "
            "is signed, link workers cannot connect people unless a PCN manager records an exception."
        ),
        "unavailable": None if agreement else "There is no agreement to connect with this organisation yet.",
        "submit": "Save the change",
        "back_link": _back(organisation),
    }
    return _form_page(request, form, act, context)


@permission_required(RECORD, raise_exception=True)
def new_catch_up(request, organisation_id):
    organisation = _provider(organisation_id)
    form = CatchUpForm(_posted(request))
    auditor = Auditor.from_request(request)

    def act(data):
        services.record_catch_up(
            organisation, held_on=data["held_on"], notes=data["notes"], user=request.user, auditor=auditor
        )
        return "Catch-up saved."

    context = {
        "title": "Record a catch-up",
        "organisation": organisation,
        "intro": "Catch up with each group or organisation at least every six months.",
        "submit": "Save the catch-up",
        "back_link": _back(organisation),
    }
    return _form_page(request, form, act, context)


@permission_required(GRANT, raise_exception=True)
def new_exception(request, organisation_id):
    organisation = _provider(organisation_id)
    form = ExceptionForm(_posted(request))
    auditor = Auditor.from_request(request)

    def act(data):
        services.record_exception(
            organisation, reason=data["reason"], expires_on=data["expires_on"], user=request.user, auditor=auditor
        )
        return "Exception saved. Link workers may connect people to this organisation."

    context = {
        "title": "Allow connections without a current agreement",
        "organisation": organisation,
        "intro": "Only a PCN manager may decide this. The reason is kept with your name and today's date.",
        "submit": "Save the exception",
        "back_link": _back(organisation),
    }
    return _form_page(request, form, act, context)


def _survey_page(request, organisation: Organisation, *, via: str, context: dict):
    by_phone = via == ConfidenceSurvey.Via.PHONE
    form = ConfidenceSurveyForm(_posted(request), by_phone=by_phone)
    auditor = Auditor.from_request(request)
    nudges: list[str] = []
    if request.method == "POST" and form.is_valid():
        nudges = [] if form.cleaned_data["nudged"] else survey_services.survey_nudges(form.answers())
        if nudges:
            # Ask once for "what would help"; sent again as it is, the answers are saved.
            form = ConfidenceSurveyForm({**request.POST.dict(), "nudged": "True"}, by_phone=by_phone)
            form.is_valid()
        else:
            try:
                survey_services.record_confidence_survey(
                    organisation,
                    form.answers(),
                    via=via,
                    answered_on=form.cleaned_data.get("answered_on"),
                    user=request.user,
                    auditor=auditor,
                )
            except RuleViolation as exc:
                add_rule_violations(form, exc)
            else:
                messages.success(request, "Thank you. The answers are saved.")
                return redirect(context["done_url"])
    return render(
        request,
        "community/quality/survey_form.html",
        {"form": form, "organisation": organisation, "nudges": nudges, "by_phone": by_phone, **context},
    )


@permission_required(TAKE_SURVEY, raise_exception=True)
def phone_survey(request, organisation_id):
    organisation = _provider(organisation_id)
    context = {
        "title": "Confidence survey taken by phone",
        "done_url": _organisation_url(organisation),
        "back_link": _back(organisation),
    }
    return _survey_page(request, organisation, via=ConfidenceSurvey.Via.PHONE, context=context)


@permission_required(ANSWER_SURVEY, raise_exception=True)
def partner_survey(request):
    organisation = request.user.organisation
    if not presenters.is_provider(organisation):
        raise Http404("your organisation does not take referrals")
    standing = presenters.survey_standing(organisation.pk, timezone.localdate())
    context = {
        "title": "Confidence survey",
        "standing": standing,
        "done_url": reverse("community:partner_survey"),
        "every_months": sheets.confidence_survey()["every_months"],
    }
    return _survey_page(request, organisation, via=ConfidenceSurvey.Via.WEB, context=context)
