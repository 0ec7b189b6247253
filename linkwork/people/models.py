from django.db import models

from linkwork.core.models import BaseModel
from linkwork.people.vocabularies import SEX


class PersonQuerySet(models.QuerySet):
    def for_user(self, user) -> "PersonQuerySet":
        """People a user may see (DESIGN: deny by default): the records their own PCN holds (ADR 0009), whatever
        practice the person is registered with now. Everyone else, including commissioners, VCSE partners and
        practice staff, reaches no person's record."""
        if not getattr(user, "is_pcn_role", False):
            return self.none()
        return self.filter(pcn_id=user.organisation_id)


class Person(BaseModel):
    """One PCN's record of a person (ADR 0009). Two PCNs that support the same person each hold their own record,
    found by NHS number within the PCN; neither can change, see or detect the other's."""

    pcn = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (pcn, nhs_number) constraint's index leads with pcn
        help_text="The PCN whose record this is",
    )
    nhs_number = models.CharField(max_length=10)
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
        constraints = [models.UniqueConstraint(fields=["pcn", "nhs_number"], name="person_once_per_pcn")]
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
