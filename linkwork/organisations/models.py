from django.db import models

from linkwork.core.models import BaseModel


class OrganisationKind(models.TextChoices):
    ICB = "icb", "Integrated care board"
    PCN = "pcn", "Primary care network"
    PRACTICE = "practice", "GP practice"
    VCSE = "vcse", "VCSE organisation"
    COMMUNITY_GROUP = "community_group", "Community group"
    STATUTORY = "statutory", "Statutory service"


# Which kind of organisation may sit above each kind. A practice belongs to a PCN, a PCN to an ICB; a
# VCSE organisation, community group or statutory service may name the ICB it mainly works in.
PARENT_KIND = {
    OrganisationKind.ICB: None,
    OrganisationKind.PCN: OrganisationKind.ICB,
    OrganisationKind.PRACTICE: OrganisationKind.PCN,
    OrganisationKind.VCSE: OrganisationKind.ICB,
    OrganisationKind.COMMUNITY_GROUP: OrganisationKind.ICB,
    OrganisationKind.STATUTORY: OrganisationKind.ICB,
}
# The kinds that offer services people are connected to (the directory).
PROVIDER_KINDS = frozenset({OrganisationKind.VCSE, OrganisationKind.COMMUNITY_GROUP, OrganisationKind.STATUTORY})


class Organisation(BaseModel):
    """An ICB, PCN or GP practice (by ODS code); a VCSE organisation (by charity or company number), a community
    group or a statutory service (by a code the directory gives it)."""

    code = models.CharField(max_length=16, unique=True)
    kind = models.CharField(max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="organisation_kind_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
