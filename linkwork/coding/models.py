from django.conf import settings
from django.db import models

from linkwork.core.models import BaseModel
from linkwork.core.roles import Role


class CodingStatus(models.TextChoices):
    PENDING = "pending", "To enter"
    ENTERED = "entered", "Entered"


class CodingEventQuerySet(models.QuerySet):
    def for_user(self, user) -> "CodingEventQuerySet":
        """Practice staff see their own practice's codes; PCN roles see their PCN's (on a person's page)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == Role.PRACTICE_STAFF:
            return self.filter(practice_id=user.organisation_id)
        if user.is_pcn_role:
            return self.filter(referral__pcn_id=user.organisation_id)
        return self.none()


class CodingEvent(BaseModel):
    """A SNOMED CT code that must reach the person's GP record, and whether practice staff have entered it."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="coding_events")
    contact = models.OneToOneField("referrals.Contact", on_delete=models.CASCADE, related_name="coding_event")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", db_index=False)
    practice = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="The GP practice whose record the code goes into",
    )
    code = models.CharField(max_length=18)
    term = models.CharField(max_length=200)
    contact_date = models.DateField()
    due_by = models.DateField()
    status = models.CharField(max_length=16, choices=CodingStatus.choices, default=CodingStatus.PENDING)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    entered_at = models.DateTimeField(null=True, blank=True)

    objects = CodingEventQuerySet.as_manager()

    class Meta:
        ordering = ["due_by"]
        indexes = [models.Index(fields=["practice", "status", "due_by"], name="coding_worklist")]

    def __str__(self) -> str:
        return f"{self.code} for {self.person_id} by {self.due_by}"
