from django.db import models

from linkwork.core.models import BaseModel


class MeasureResponseQuerySet(models.QuerySet):
    def for_user(self, user) -> "MeasureResponseQuerySet":
        """Responses a user may see: those in their PCN's episodes, for PCN roles; nobody else's (ADR 0005).

        Practice staff see the referrals they made but not the person's wellbeing answers.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_pcn_role:
            return self.none()
        return self.filter(referral__pcn_id=user.organisation_id)


class MeasureResponse(BaseModel):
    """One completed questionnaire (or licensed score) in a referral episode, as taken on one day.

    `answers` holds what was answered, keyed by the definition's item ids; `results` what linkwork worked
    out from them when they were recorded (scoring.py), so a later change of a definition never rewrites
    what a person was shown. The definition is named by key and version (instruments.py).
    """

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="measure_responses", db_index=False
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="measure_responses", db_index=False
    )
    instrument = models.CharField(max_length=40, help_text="The definition's key, e.g. ons4")
    instrument_version = models.PositiveSmallIntegerField()
    taken_on = models.DateField()
    answers = models.JSONField(default=dict, blank=True)
    results = models.JSONField(default=dict, blank=True)
    # Licensed measures (PAM): the licence the score was taken under, or why the measure was not suitable.
    licence_reference = models.CharField(max_length=100, blank=True)
    not_suitable_reason = models.CharField(max_length=64, blank=True)
    # A reassessment sooner than the usual interval (PAM: six months) is for a person who has taken up the support
    # (seed 003 Appendix 6): the link worker's word, kept with the score. None when not asked.
    support_taken_up = models.BooleanField(null=True, blank=True)

    objects = MeasureResponseQuerySet.as_manager()

    class Meta:
        ordering = ["taken_on", "created_at"]
        indexes = [
            models.Index(fields=["referral", "instrument", "taken_on"], name="measure_referral_instrument"),
            models.Index(fields=["person", "taken_on"], name="measure_person_taken"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.instrument_version} taken {self.taken_on}"
