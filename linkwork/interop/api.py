"""The community directory as Open Referral UK over the API: export (GET) and import (POST).

GET answers every signed-in role: those who may view the directory (PCN roles and VCSE partners) get all of it, or
only the public directory with ?public_only=true; everyone else gets the public directory, which anyone may see.
POST is for PCN managers and administrators, and every write goes through the community services and their rules.
"""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from ninja import Query, Router

from linkwork.core.access import require_perm
from linkwork.core.auditor import Auditor
from linkwork.core.json_input import read_json_body
from linkwork.interop import openreferral

router = Router(tags=["interop"])
ROUTE = "/directory/openreferral"


@router.get(ROUTE)
def export_openreferral(
    request,
    public_only: bool = Query(
        False,
        description="Only services in the public directory (always, for roles outside a PCN)",
    ),
):
    """The directory as an Open Referral UK (HSDS 3.0) organization package: organizations with their services."""
    auditor = Auditor.from_request(request, via="api")
    public_only = public_only or not request.user.has_perm("community.view_whole_directory")
    document = openreferral.export_and_audit(public_only=public_only, auditor=auditor, via="api")
    return JsonResponse(document, safe=False, json_dumps_params={"ensure_ascii": False})


@router.post(
    ROUTE,
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
            "required": True,
            "description": "An Open Referral UK organization package (a JSON array of organizations)",
        },
        # The import report (ok false, each error naming organization, service, field and rule), or a bad query.
        "responses": {422: {"description": "Nothing stored", "content": {"application/json": {"schema": {}}}}},
    },
)
def import_openreferral(request, dry_run: bool = Query(False, description="Check everything, store nothing")):
    """Import an Open Referral UK file: all of it or nothing. 200 with the report when it is stored (or would be, in
    a dry run); 422 with the report naming each organization, service, field and rule when anything is wrong."""
    auditor = Auditor.from_request(request, via="api")
    require_perm(request.user, "interop.import_directory", auditor, "import the community directory")
    if not request.user.has_perm("community.change_service"):
        auditor.denied("community.change_service")
        raise PermissionDenied(
            f"{request.user.role_label} may not change services in the community directory, so may not import "
            "them (permission community.change_service)"
        )
    document = read_json_body(request)  # 400 unless JSON, nested at most LINKWORK_JSON_MAX_DEPTH deep
    report = openreferral.import_directory(document, user=request.user, auditor=auditor, dry_run=dry_run)
    return JsonResponse(report.as_dict(), status=200 if report.ok else 422)
