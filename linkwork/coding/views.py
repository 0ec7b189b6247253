import csv

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from linkwork.coding.models import CodingEvent
from linkwork.coding.services import mark_entered
from linkwork.coding.worklist import worklist_for, worklist_status
from linkwork.core.access import pick
from linkwork.core.auditor import Auditor
from linkwork.core.errors import RuleViolation
from linkwork.core.text import plural

VIEWS = {"pending": "To enter", "overdue": "Overdue", "entered": "Entered in the last 90 days"}
CSV_COLUMNS = [
    "Name",
    "Postcode",
    "Source",
    "NHS number",
    "GP practice",
    "Referral code",
    "Term",
    "Contact date",
    "Due by",
    "Status",
]


def _chosen_view(params) -> str:
    view = params.get("show", "pending")
    return view if view in VIEWS else "pending"


@permission_required("coding.view_worklist", raise_exception=True)
def worklist(request):
    return _worklist_page(request, _chosen_view(request.GET))


def _worklist_page(request, show: str, errors: list[dict] | None = None):
    today = timezone.localdate()
    items = [(item, worklist_status(item, today)) for item in worklist_for(request.user, show)[:500]]
    Auditor.from_request(request).viewed_many(
        "coding_worklist", [(i.pk, i.person_id) for i, _ in items], detail={"show": show}
    )
    overdue = sum(1 for _, status in items if status == "overdue")
    if errors and items:
        # The error summary links to the first box of the list (NHS.UK: link each error to its field).
        errors = [{**e, "href": f"#item-{items[0][0].pk}"} for e in errors]
    context = {
        "title": "Coding worklist",
        "items": items,
        "show": show,
        "views": VIEWS,
        "overdue": overdue,
        "errors": errors or [],
    }
    return render(request, "coding/worklist.html", context)


@require_POST
@permission_required("coding.mark_entered", raise_exception=True)
def entered(request):
    chosen = pick(CodingEvent.objects.for_user(request.user), request.POST.getlist("items"))
    show = _chosen_view(request.POST)
    try:
        count = mark_entered(chosen, user=request.user, auditor=Auditor.from_request(request))
    except RuleViolation as exc:
        return _worklist_page(request, show, [{"text": e.message.capitalize()} for e in exc.errors])
    messages.success(request, f"Marked {plural(count, 'code')} as entered in the GP record.")
    return redirect(reverse("coding:worklist") + (f"?show={show}" if show != "pending" else ""))


def write_safe_row(writer, cells) -> None:
    """Write a CSV row that a spreadsheet will not run: a cell starting =, +, - or @ is prefixed with '."""
    writer.writerow(["'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@") else c for c in cells])


@permission_required("coding.view_worklist", raise_exception=True)
def worklist_csv(request):
    show = _chosen_view(request.GET)
    today = timezone.localdate()
    items = list(worklist_for(request.user, show))
    Auditor.from_request(request).exported(
        "coding_worklist_csv",
        detail={"show": show, "rows": len(items), "people": sorted({str(i.person_id) for i in items})},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coding-worklist-{show}-{today:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        write_safe_row(
            writer,
            [
                item.person.full_name,
                item.person.postcode,
                item.referral.get_referrer_type_display(),
                item.person.nhs_number,
                item.practice.code,
                item.code,
                item.term,
                item.contact_date.isoformat(),
                item.due_by.isoformat(),
                worklist_status(item, today),
            ],
        )
    return response
