from uuid import UUID

from ninja import Router, Schema

from linkwork.organisations.models import Organisation

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: UUID
    code: str
    kind: str
    name: str
    parent: str | None  # the parent organisation's code

    @staticmethod
    def resolve_parent(obj: Organisation) -> str | None:
        return obj.parent.code if obj.parent_id else None


@router.get("/organisations", response=list[OrganisationOut])
def list_organisations(request, kind: str | None = None, parent: str | None = None):
    """Organisations are not personal data: any signed-in user may list them (e.g. to choose a GP practice)."""
    organisations = Organisation.objects.select_related("parent").order_by("kind", "name")
    if kind:
        organisations = organisations.filter(kind=kind)
    if parent:
        organisations = organisations.filter(parent__code=parent.upper())
    return organisations
