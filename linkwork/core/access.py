"""Deny by default, the same way on every edge: permission checks and scoped look-ups that log refusals."""

import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from linkwork.core.auditor import Auditor


def require_perm(user, perm: str, auditor: Auditor, action: str) -> None:
    """Refuse (403) unless `user` holds `perm`; the refusal names the rule and is audited."""
    if not user.has_perm(perm):
        auditor.denied(perm)
        role = getattr(user, "role_label", "this role")
        raise PermissionDenied(f"{role} may not {action} (permission {perm})")


def get_in_scope(scoped: QuerySet, pk, auditor: Auditor, what: str) -> Model:
    """Fetch one row from a `for_user` queryset; anything outside it is a 404, and the attempt is audited."""
    try:
        return scoped.get(pk=pk)
    except (scoped.model.DoesNotExist, ValueError, TypeError) as exc:
        auditor.denied(what, object_id=pk)
        raise Http404(f"no {what} with that id") from exc


def pick(scoped: QuerySet, raw_ids: Iterable[str]) -> QuerySet:
    """The rows of a `for_user` queryset whose ids were posted (e.g. ticked boxes); malformed ids are ignored."""
    ids = []
    for raw in raw_ids:
        try:
            ids.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    return scoped.filter(pk__in=ids)
