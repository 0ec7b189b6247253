from django.conf import settings
from django.db import models

from linkwork.core.models import BaseModel
from linkwork.core.roles import Role
from linkwork.referrals import policy as episode_policy
from linkwork.referrals.policy import ACCEPTED, DECLINED, FOLLOW_UP, NO_RESPONSE
from linkwork.referrals.vocabularies import (
    CONTACT_MODES,
    CONTACT_PURPOSES,
    DISCHARGE_REASONS,
    REFERRAL_CRITERIA,
    REFERRAL_REASONS,
    REFERRER_TYPES,
)


class EpisodeStatus(models.TextChoices):
    WAITING = episode_policy.WAITING, "Waiting for first contact"
    ACTIVE = episode_policy.ACTIVE, "Active"
    DECLINED = episode_policy.DECLINED_STATUS, "Declined"
    DISCHARGED = episode_policy.DISCHARGED, "Discharged"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"


class ContactOutcome(models.TextChoices):
    ACCEPTED = ACCEPTED, "Accepted support"
    DECLINED = DECLINED, "Declined"
    NO_RESPONSE = NO_RESPONSE, "No response (no answer, or hung up without accepting)"
    FOLLOW_UP = FOLLOW_UP, "Follow-up in an accepted episode"


class ReferralQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReferralQuerySet":
        """Referral episodes a user may see: their PCN's, for PCN roles; the ones they made, for practice staff."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_pcn_role:
            return self.filter(pcn_id=user.organisation_id)
        if user.role == Role.PRACTICE_STAFF:
            return self.filter(referred_by=user)
        return self.none()

    def open(self) -> "ReferralQuerySet":
        return self.filter(status__in=episode_policy.OPEN_STATUSES)


class Referral(BaseModel):
    """A referral into social prescribing, and the episode of link worker support that follows it."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    pcn = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="The person's GP practice when the referral was received",
    )
    received_on = models.DateField()
    referrer_type = models.CharField(max_length=32, choices=REFERRER_TYPES.choices())
    referrer_detail = models.CharField(max_length=200, blank=True, help_text="Who referred: name, role, organisation")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.ROUTINE)
    context = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=EpisodeStatus.choices, default=EpisodeStatus.WAITING)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_contact_at = models.DateTimeField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=32, blank=True, choices=DISCHARGE_REASONS.choices())
    discharge_note = models.TextField(blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on"]
        indexes = [
            models.Index(fields=["pcn", "status", "urgency", "received_on"], name="referral_pcn_queue"),
            models.Index(fields=["assigned_to", "status", "received_on"], name="referral_caseload"),
            models.Index(fields=["pcn", "closed_on"], name="referral_pcn_closed"),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.person} received {self.received_on}"

    @property
    def is_open(self) -> bool:
        return self.status in episode_policy.OPEN_STATUSES


class ReferralReason(BaseModel):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reasons")
    reason = models.CharField(max_length=32, choices=REFERRAL_REASONS.choices())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "reason"], name="referral_reason_once")]


class ReferralCriterion(BaseModel):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(max_length=32, choices=REFERRAL_CRITERIA.choices())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "criterion"], name="referral_criterion_once")]


class ReferralStatusChange(BaseModel):
    """Every change of an episode's status: who (created_by), when, from, to, why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, blank=True, choices=EpisodeStatus.choices)
    to_status = models.CharField(max_length=16, choices=EpisodeStatus.choices)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]


class Contact(BaseModel):
    """One call, meeting or visit between a practitioner and the person, within an episode."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts", db_index=False)
    occurred_at = models.DateTimeField()
    mode = models.CharField(max_length=16, choices=CONTACT_MODES.choices())
    duration_minutes = models.PositiveSmallIntegerField()
    reached = models.BooleanField()
    outcome = models.CharField(max_length=16, choices=ContactOutcome.choices)
    purpose = models.CharField(max_length=32, choices=CONTACT_PURPOSES.choices(), default="social_prescribing")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The practitioner's role when the contact happened: coding depends on it (seed 000) and roles change.
    practitioner_role = models.CharField(max_length=32)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["referral", "occurred_at"], name="contact_referral_at")]
