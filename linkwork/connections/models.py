"""Onward connections from an episode to a service in the directory, and every change of their status."""

from django.db import models

from linkwork.connections import policy as connection_policy
from linkwork.connections.vocabularies import CONNECTION_KINDS, ENGAGEMENT, STATUSES
from linkwork.core.models import BaseModel
from linkwork.core.roles import Role


class ConnectionQuerySet(models.QuerySet):
    def for_user(self, user) -> "ConnectionQuerySet":
        """Connections a user may see: their PCN's, for PCN roles; those sent to their organisation, for a VCSE
        partner (never drafts or ones entered in error); none for anyone else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_pcn_role:
            return self.filter(pcn_id=user.organisation_id)
        if user.role == Role.VCSE_PARTNER:
            return self.filter(organisation_id=user.organisation_id).exclude(
                status__in=(connection_policy.DRAFT, connection_policy.ENTERED_IN_ERROR)
            )
        return self.none()


class Connection(BaseModel):
    """A person connected from one episode to one service: referral, supported signposting or accompanied
    introduction, with what they agreed to share and their consent, and the closed loop that follows."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="connections")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    pcn = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("community.Service", on_delete=models.PROTECT, related_name="connections")
    # The service's organisation when the connection was made: what a VCSE partner's reach is scoped by.
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=CONNECTION_KINDS.choices())
    reason = models.TextField(blank=True, help_text="Why the person is being connected")
    shared_fields = models.JSONField(default=list, help_text="Keys of data/shareable_fields.yaml")
    consent = models.BooleanField(default=False, help_text="The person agreed to share the fields listed")
    # The person's record holds no phone number or email: the one they want the service to use is written here,
    # and only when they agreed to share their contact details.
    contact_details = models.CharField(max_length=200, blank=True)
    sent_on = models.DateField()
    status = models.CharField(max_length=20, choices=STATUSES.choices(), default=connection_policy.REQUESTED)
    status_changed_at = models.DateTimeField()
    expected_start_on = models.DateField(null=True, blank=True)
    engagement = models.CharField(max_length=16, choices=ENGAGEMENT.choices(), default="unknown")
    first_seen_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="The service's feedback on what came of it")

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "id"]
        indexes = [
            models.Index(fields=["referral"], name="connection_referral"),
            models.Index(fields=["organisation", "status"], name="connection_org_status"),
            models.Index(fields=["service", "status"], name="connection_service_status"),
            models.Index(fields=["pcn", "status"], name="connection_pcn_status"),
        ]

    @property
    def days_waited(self) -> int | None:
        return connection_policy.days_waited(self.sent_on, self.first_seen_on)


class ConnectionStatusChange(BaseModel):
    """Every change of a connection's status: who (created_by), when (created_at), from, to, why, which side."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    side = models.CharField(max_length=8)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["connection", "created_at"], name="connection_change_at")]


class ConnectionEngagementReport(BaseModel):
    """Every report of whether the person went (ADR 0050): who (created_by), when (created_at), which side, what they
    said (engagement, first session, the outcome as written then). Kept beside the status changes, not among them:
    a report is not a move in the closed loop, though the service's report of a first session may cause one."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="engagement_reports")
    side = models.CharField(max_length=8)
    engagement = models.CharField(max_length=16, choices=ENGAGEMENT.choices())
    first_seen_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["connection", "created_at"], name="connection_report_at")]
