from django.db import models
from django.db.models import Exists, OuterRef, Q

from linkwork.core.models import BaseModel
from linkwork.people.vocabularies import SEX


class PersonQuerySet(models.QuerySet):
    def for_user(self, user) -> "PersonQuerySet":
        """People a user may see (DESIGN: deny by default).

        PCN roles see people registered at a practice of their PCN, and people with a referral episode
        held by their PCN (so a person who moves practice stays visible to the PCN that supported them).
        Everyone else, including commissioners, VCSE partners and practice staff, reaches no person page.
        """
        pcn_id = getattr(user, "pcn_id", None) if getattr(user, "is_pcn_role", False) else None
        if pcn_id is None:
            return self.none()
        from linkwork.referrals.models import Referral

        held_here = Referral.objects.filter(person=OuterRef("pk"), pcn_id=pcn_id)
        return self.filter(Q(gp_practice__parent_id=pcn_id) | Exists(held_here))


class Person(BaseModel):
    nhs_number = models.CharField(max_length=10, unique=True)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    birth_date = models.DateField()
    sex = models.CharField(max_length=16, choices=SEX.choices())
    postcode = models.CharField(max_length=8)
    gp_practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="registered_people"
    )
    # Index of Multiple Deprivation decile (1 = most deprived) of the person's LSOA, looked up from the
    # postcode when a postcode-to-LSOA table is loaded; the synthetic generator sets it directly.
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["gp_practice", "family_name"], name="person_practice_name")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def formatted_nhs_number(self) -> str:
        n = self.nhs_number
        return f"{n[:3]} {n[3:6]} {n[6:]}"
