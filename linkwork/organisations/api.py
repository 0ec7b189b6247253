from typing import Literal
from uuid import UUID

from ninja import Header, Router, Schema
from pydantic import ConfigDict, Field

from linkwork.core.access import require_perm
from linkwork.core.api_support import idempotent
from linkwork.core.auditor import Auditor
from linkwork.organisations.models import Organisation
from linkwork.organisations.services import create_organisation

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


class ProviderOrganisationIn(Schema):
    """A VCSE organisation (by charity or company number), a community group or a statutory service."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["vcse", "community_group", "statutory"]
    code: str = Field(description="Charity or company number, or a code the directory gives it")
    name: str
    parent: str | None = Field(None, description="The code of the ICB it mainly works in")


@router.post("/organisations", response={201: OrganisationOut})
def create_provider_organisation(
    request, payload: ProviderOrganisationIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")
):
    """Add an organisation people can be connected to, for the community directory (PCN managers, link workers and
    administrators)."""
    auditor = Auditor.from_request(request, via="api")
    require_perm(request.user, "community.add_provider_organisation", auditor, "add organisations to the directory")

    def create():
        organisation = create_organisation(
            kind=payload.kind, code=payload.code, name=payload.name, parent_code=payload.parent, auditor=auditor
        )
        return 201, OrganisationOut.from_orm(organisation)

    return idempotent(request, idempotency_key, payload.model_dump(mode="json"), create)
