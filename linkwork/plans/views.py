from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from linkwork.core.access import get_in_scope
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.nhsuk_forms.errors import add_rule_violations
from linkwork.plans import documents, services
from linkwork.plans.forms import GoalForm, GoalProgressForm, PartTwoForm, PlanForm
from linkwork.plans.models import CarePlan, Goal
from linkwork.plans.presenters import plan_page
from linkwork.plans.sections import PART_ONE, PART_TWO
from linkwork.referrals.models import Referral


def _referral(request, referral_id, auditor: Auditor) -> Referral:
    return get_in_scope(
        Referral.objects.for_user(request.user).select_related("person", "practice", "assigned_to"),
        referral_id,
        auditor,
        "referral",
    )


def _plan(request, referral: Referral, *related: str, prefetch: tuple[str, ...] = ()) -> CarePlan | None:
    return (
        CarePlan.objects.for_user(request.user)
        .filter(referral=referral)
        .select_related("referral", *related)
        .prefetch_related(*prefetch)
        .first()
    )


def _person_url(referral: Referral) -> str:
    return reverse("casework:person", args=[referral.person_id]) + f"#episode-{referral.pk}"


def _plan_url(referral: Referral) -> str:
    return reverse("plans:detail", args=[referral.pk])


@permission_required("plans.view_care_plan", raise_exception=True)
def plan_detail(request, referral_id):
    auditor = Auditor.from_request(request)
    referral = _referral(request, referral_id, auditor)
    plan = _plan(
        request,
        referral,
        prefetch=("goals__progress_changes__created_by", "versions__created_by"),
    )
    auditor.viewed("care_plan", plan.pk if plan else "", person_id=referral.person_id)
    context = {
        "title": "Care and support plan",
        "referral": referral,
        "page": plan_page(referral, plan),
        "can_change": request.user.has_perm("plans.change_care_plan"),
        "can_export": request.user.has_perm("plans.export_care_plan"),
        "back_link": {"href": _person_url(referral), "text": referral.person.full_name},
    }
    return render(request, "plans/plan_detail.html", context)


def _plan_form_view(request, referral_id, form_class, part):
    """Part one or part two of the plan: the same service, a different set of sections."""
    auditor = Auditor.from_request(request)
    referral = _referral(request, referral_id, auditor)
    plan = _plan(request, referral)
    if plan is None and form_class is PartTwoForm:
        messages.info(request, "Make the plan first: part two follows part one.")
        return redirect("plans:edit", referral.pk)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                saved = services.save_care_plan(referral, form.plan_changes(), user=request.user, auditor=auditor)
            except RuleViolation as exc:
                add_rule_violations(form, exc)
            else:
                if saved.created:
                    messages.success(request, "Plan made. Now add the person's goals.")
                    return redirect("plans:new_goal", referral.pk)
                messages.success(request, "Plan saved." if saved.changed else "Nothing changed.")
                return redirect(_plan_url(referral))
    else:
        initial = {name: getattr(plan, name) for name in form_class.base_fields} if plan else {}
        form = form_class(initial=initial)
    context = {
        "title": part.title,
        "form": form,
        "referral": referral,
        "plan": plan,
        "part": part,
        "back_link": {"href": _plan_url(referral), "text": "Back to the plan"},
    }
    return render(request, "plans/plan_form.html", context)


@permission_required("plans.change_care_plan", raise_exception=True)
def edit_plan(request, referral_id):
    return _plan_form_view(request, referral_id, PlanForm, PART_ONE)


@permission_required("plans.change_care_plan", raise_exception=True)
def edit_part_two(request, referral_id):
    return _plan_form_view(request, referral_id, PartTwoForm, PART_TWO)


def _goal_form_view(request, referral, plan, form, template, title, act, **extra):
    if request.method == "POST" and form.is_valid():
        try:
            message = act(form.cleaned_data)
        except RuleViolation as exc:
            add_rule_violations(form, exc)
        else:
            messages.success(request, message)
            return redirect(_plan_url(referral) + "#goals")
    context = {
        "title": title,
        "form": form,
        "referral": referral,
        "plan": plan,
        "back_link": {"href": _plan_url(referral), "text": "Back to the plan"},
        **extra,
    }
    return render(request, template, context)


@permission_required("plans.change_care_plan", raise_exception=True)
def new_goal(request, referral_id):
    auditor = Auditor.from_request(request)
    referral = _referral(request, referral_id, auditor)
    plan = _plan(request, referral)
    if plan is None:
        messages.info(request, "Make the plan first, then add the person's goals.")
        return redirect("plans:edit", referral.pk)

    def act(data):
        services.add_goal(
            plan,
            description=data["description"],
            progress=data["progress"] or "not_started",
            progress_on=data["progress_on"],
            user=request.user,
            auditor=auditor,
        )
        return "Goal added."

    form = GoalForm(request.POST if request.method == "POST" else None, initial={"progress": "not_started"})
    return _goal_form_view(request, referral, plan, form, "plans/goal_form.html", "Add a goal", act)


@permission_required("plans.change_care_plan", raise_exception=True)
def goal_progress(request, referral_id, goal_id):
    auditor = Auditor.from_request(request)
    referral = _referral(request, referral_id, auditor)
    goal = get_in_scope(
        Goal.objects.for_user(request.user).filter(care_plan__referral=referral).select_related("care_plan"),
        goal_id,
        auditor,
        "goal",
    )

    def act(data):
        services.change_goal_progress(
            goal, progress=data["progress"], progress_on=data["progress_on"], user=request.user, auditor=auditor
        )
        return "Goal progress saved."

    form = GoalProgressForm(request.POST if request.method == "POST" else None, initial={"progress": goal.progress})
    return _goal_form_view(
        request, referral, goal.care_plan, form, "plans/goal_progress_form.html", "Goal progress", act, goal=goal
    )


def _plan_for_copy(request, referral_id) -> CarePlan:
    auditor = Auditor.from_request(request)
    referral = _referral(request, referral_id, auditor)
    plan = _plan(request, referral, *documents.COPY_RELATED, prefetch=documents.COPY_PREFETCH)
    if plan is None:
        raise Http404("there is no plan for this referral yet")
    return plan


@permission_required("plans.export_care_plan", raise_exception=True)
def print_copy(request, referral_id):
    plan = _plan_for_copy(request, referral_id)
    return HttpResponse(documents.copy_html(plan, Auditor.from_request(request), request=request))


@permission_required("plans.export_care_plan", raise_exception=True)
def pdf_copy(request, referral_id):
    plan = _plan_for_copy(request, referral_id)
    response = HttpResponse(documents.copy_pdf(plan, Auditor.from_request(request)), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="my-care-and-support-plan.pdf"'
    return response
