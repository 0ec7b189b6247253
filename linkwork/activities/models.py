"""Activity not about one person (seed 000): a link worker's group sessions, community development, MDT meetings,
vaccination programme work and the like. Never coded to anyone and holding no person: a row says which PCN, which
practitioner, when, for how long, what kind, and a note. The reporting that follows sums the minutes per PCN and
practitioner into the time-spent figures."""

from django.conf import settings
from django.db import models

from linkwork.activities.vocabularies import ACTIVITY_KINDS
from linkwork.core.models import BaseModel
from linkwork.core.roles import SUPERVISOR_ROLES


class ActivityQuerySet(models.QuerySet):
    def for_user(self, user) -> "ActivityQuerySet":
        """A practitioner's own activity; for GP supervisors and PCN managers, their PCN's; nobody else's."""
        if not getattr(user, "is_authenticated", False) or not user.is_pcn_role:
            return self.none()
        mine = self.filter(pcn_id=user.organisation_id)
        return mine if user.role in SUPERVISOR_ROLES else mine.filter(practitioner_id=user.pk)


class Activity(BaseModel):
    pcn = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    minutes = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=32, choices=ACTIVITY_KINDS.choices())
    note = models.TextField(blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name_plural = "activities"
        # Time-spent figures sum minutes per PCN and per practitioner over a period.
        indexes = [
            models.Index(fields=["pcn", "occurred_on"], name="activity_pcn_on"),
            models.Index(fields=["practitioner", "occurred_on"], name="activity_practitioner_on"),
        ]

    def __str__(self) -> str:
        return f"{ACTIVITY_KINDS.label(self.kind)}, {self.minutes} minutes on {self.occurred_on}"
