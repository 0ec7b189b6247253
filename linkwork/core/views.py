from django.contrib.auth.decorators import login_not_required, permission_required
from django.shortcuts import redirect, render

from linkwork.core.audit_log import AuditFilterForm, audit_rows
from linkwork.core.auditor import Auditor
from linkwork.core.navigation import home_url_for
from linkwork.core.paging import page_of
from linkwork.core.roles import Role


def home(request):
    target = home_url_for(request.user)
    if target:
        return redirect(target)
    context = {"title": "Home", "aggregates_only": request.user.role == Role.COMMISSIONER}
    return render(request, "core/home.html", context)


@permission_required("core.view_audit", raise_exception=True)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    chosen = form.filters()
    page = page_of(audit_rows(chosen), request.GET.get("page"))
    Auditor.from_request(request).viewed("audit_log", detail={"filters": chosen.given()})
    return render(request, "core/audit.html", {"title": "Audit log", "form": form, "page": page})


@login_not_required
def privacy(request):
    """The privacy notice: what linkwork records, who sees it, how long it is kept, how to complain."""
    return render(request, "core/privacy.html", {"title": "Privacy notice"})


@login_not_required
def accessibility(request):
    """The accessibility statement: how far the service meets WCAG 2.2 AA, known issues, how to report a problem."""
    return render(request, "core/accessibility.html", {"title": "Accessibility statement"})


@login_not_required
def forbidden(request, exception=None):
    if request.user.is_authenticated:
        # `what` names a kind of record or page (64 characters at most); the path, of any length, goes in the detail.
        Auditor.from_request(request).denied("page", detail={"path": request.path})
    return render(
        request, "core/error.html", {"title": "You cannot see this page", "message": str(exception or "")}, status=403
    )


@login_not_required
def not_found(request, exception=None):
    return render(request, "core/error.html", {"title": "Page not found", "message": ""}, status=404)
