"""The person's own copy of their plan, as an HTML page to print and as a PDF (DESIGN: documents are rendered
from the same templates with WeasyPrint; an accessible HTML view exists beside each PDF).

Producing either is an export of the person's record, so each is audited.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from linkwork.core.auditor import Auditor
from linkwork.plans import policy as plan_policy
from linkwork.plans.models import CarePlan
from linkwork.plans.presenters import plan_parts
from linkwork.plans.sections import PART_TWO, PERMISSION_FIELDS

TEMPLATE = "plans/copy.html"
# PDF/UA-1: a tagged PDF (headings, lists, reading order) with its language and title, for screen readers.
PDF_VARIANT = "pdf/ua-1"


# What the copy reads besides the plan: callers add these to their scoped queryset (one query each).
COPY_RELATED = ("referral__person", "referral__practice", "referral__assigned_to")
COPY_PREFETCH = ("goals",)


def copy_context(plan: CarePlan, *, for_pdf: bool) -> dict:
    """What the copy shows. `plan` comes with referral__person, referral__practice, referral__assigned_to
    selected and goals prefetched."""
    referral = plan.referral
    person = referral.person
    goals = list(plan.goals.all())
    parts = plan_parts(plan, goals)
    part_two_empty = not plan.changes and all(getattr(plan, name) == "not_asked" for name in PERMISSION_FIELDS)
    made_on = timezone.localdate(plan.created_at)
    return {
        "title": f"My care and support plan \N{EN DASH} {person.full_name}",
        "htmlLang": "en-GB",
        "for_pdf": for_pdf,
        "plan": plan,
        "person": person,
        "practice_name": referral.practice.name,
        "link_worker_name": referral.assigned_to.full_name if referral.assigned_to else "",
        "parts": parts,
        "part_two_empty": part_two_empty,
        "part_two_from": plan_policy.part_two_from(made_on, PART_TWO.after_months or 6),
        "back_url": reverse("plans:detail", args=[referral.pk]),
        "pdf_url": reverse("plans:pdf", args=[referral.pk]),
    }


def _audit(auditor: Auditor, plan: CarePlan, fmt: str) -> None:
    auditor.exported(
        "care_plan", plan.pk, person_id=plan.referral.person_id, detail={"format": fmt, "version": plan.version}
    )


def copy_html(plan: CarePlan, auditor: Auditor, request=None) -> str:
    """The print view (HTML), audited as an export."""
    html = render_to_string(TEMPLATE, copy_context(plan, for_pdf=False), request=request)
    _audit(auditor, plan, "html")
    return html


def copy_pdf(plan: CarePlan, auditor: Auditor) -> bytes:
    """The PDF, from the same template, audited as an export."""
    from weasyprint import HTML  # imported here: loading Pango and Cairo costs time every other page can skip

    html = render_to_string(TEMPLATE, copy_context(plan, for_pdf=True))
    pdf = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
    _audit(auditor, plan, "pdf")
    return pdf
