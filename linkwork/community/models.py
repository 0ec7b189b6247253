"""The community directory ("menu") and what keeps it trustworthy: services, capacity statements, quality
assurance against the prompt sheets, agreements to connect, catch-ups, exceptions and confidence surveys.

Organisations themselves (VCSE organisations, community groups, statutory services) are
organisations.Organisation rows; this app holds what a PCN knows about them.
"""

from django.db import models

from linkwork.community.vocabularies import CAPACITY_STATUSES, SERVICE_CATEGORIES, SERVICE_STATUSES
from linkwork.core.models import BaseModel
from linkwork.geography import places
from linkwork.geography.policy.postcodes import normalise_postcode, postcode_parts

# The columns that follow a service's postcode: its area and district (place search) and where it is (distance).
PLACE_FIELDS = ("postcode_area", "postcode_district", "latitude", "longitude")


def _located(services: list["Service"]) -> None:
    """Set each service's coordinates from the postcode directory, in one query for them all."""
    found = places.coordinates(s.postcode for s in services)
    for service in services:
        service.latitude, service.longitude = found.get(normalise_postcode(service.postcode), (None, None))


class ServiceQuerySet(models.QuerySet):
    def public(self) -> "ServiceQuerySet":
        """Services that chose to be listed in the public directory, and are running or paused."""
        return self.filter(public=True, status__in=("active", "temporarily closed"))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for service in objs:
            service.set_postcode_parts()
        _located(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "postcode" in fields:
            for service in objs:
                service.set_postcode_parts()
            _located(objs)
            fields = [*fields, *PLACE_FIELDS]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        # bulk_update passes the postcode and its parts together, as expressions.
        if "postcode" in kwargs and "postcode_district" not in kwargs:
            if not isinstance(kwargs["postcode"], str):
                raise TypeError("update a service's postcode with a string, so its place follows it")
            kwargs["postcode_area"], kwargs["postcode_district"] = postcode_parts(kwargs["postcode"])
            found = places.coordinates([kwargs["postcode"]])
            kwargs["latitude"], kwargs["longitude"] = found.get(normalise_postcode(kwargs["postcode"]), (None, None))
        return super().update(**kwargs)


class Service(BaseModel):
    """Something an organisation offers that people can be connected to (Open Referral UK `service`)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=32, choices=SERVICE_CATEGORIES.choices())
    status = models.CharField(max_length=24, choices=SERVICE_STATUSES.choices(), default="active")
    eligibility = models.TextField(blank=True, help_text="Who it is for")
    cost = models.CharField(max_length=200, blank=True, help_text="e.g. Free, or £2 a session")
    schedule = models.TextField(blank=True, help_text="When it runs, e.g. Tuesdays 10am to 12 noon")
    location_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    # Set from the postcode on every save (never typed): the place search's indexed columns.
    postcode_area = models.CharField(max_length=2, blank=True, editable=False, help_text="e.g. LS")
    postcode_district = models.CharField(max_length=4, blank=True, editable=False, help_text="e.g. LS1")
    # Where the postcode is, from the postcode directory (geography), set on every save: the distance search's columns.
    # Null when the directory does not know the postcode (community.locations places services once it does).
    latitude = models.FloatField(null=True, editable=False)
    longitude = models.FloatField(null=True, editable=False)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=32, blank=True)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    how_to_refer = models.TextField(blank=True)
    public = models.BooleanField(default=False, help_text="Listed in the public directory (the organisation chose)")
    # Counted, never who: the public directory stores no visitor's identity.
    public_views = models.PositiveIntegerField(default=0)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["category", "name"], name="service_category_name"),
            models.Index(fields=["postcode"], name="service_postcode"),
            models.Index(fields=["postcode_area"], name="service_postcode_area"),
            models.Index(fields=["postcode_district"], name="service_postcode_district"),
            models.Index(fields=["latitude", "longitude"], name="service_location"),
        ]

    def __str__(self) -> str:
        return self.name

    def set_postcode_parts(self) -> None:
        self.postcode_area, self.postcode_district = postcode_parts(self.postcode)

    def save(self, *args, **kwargs):
        """Keeps the postcode's area, district and coordinates in step with the postcode, also when only some fields
        are saved."""
        self.set_postcode_parts()
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "postcode" in update_fields:
            _located([self])
        if update_fields is not None and "postcode" in update_fields:
            kwargs["update_fields"] = {*update_fields, *PLACE_FIELDS}
        super().save(*args, **kwargs)


class ServiceSearchEntry(models.Model):
    """A service's row in the directory's full-text index. Not made by Django: the migration that installs the index
    makes the table, and database triggers write its rows (community.search_index); this model only lets a search
    join it to the services."""

    service = models.OneToOneField(
        Service,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_column="service_id",
        related_name="search_entry",
    )

    class Meta:
        managed = False
        db_table = "community_service_search"


class CapacityStatement(BaseModel):
    """An organisation's word on whether it can take more people; the newest is current, the rest history."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=CAPACITY_STATUSES.choices())
    typical_wait_days = models.PositiveIntegerField(null=True, blank=True)
    stated_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "-stated_on"], name="capacity_latest")]


class QualityAssessment(BaseModel):
    """A prompt sheet worked through with an organisation: documents received, each check's notes and evidence,
    and the actions agreed (seed 003 section 9, Appendix 5)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    pcn = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    sheet = models.CharField(max_length=32, help_text="Prompt sheet key in data/prompt_sheets.yaml")
    assessed_on = models.DateField()
    # {document key: true/false}
    documents = models.JSONField(default=dict)
    # {check key: {"notes": str, "evidence": str}}
    checks = models.JSONField(default=dict)
    notes = models.TextField(blank=True)
    actions_agreed = models.TextField(blank=True)
    confident = models.BooleanField(
        default=True, help_text="False when the link worker referred to the PCN line manager (step 4)"
    )


class Agreement(BaseModel):
    """The agreement to connect, signed on both sides (names, dates); reviewed annually or when leadership
    changes."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    pcn = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(QualityAssessment, null=True, blank=True, on_delete=models.PROTECT)
    sheet = models.CharField(max_length=32, help_text="The prompt sheet used")
    pcn_signatory = models.CharField(max_length=200)
    pcn_signed_on = models.DateField()
    organisation_signatory = models.CharField(max_length=200)
    organisation_signed_on = models.DateField()
    review_due_on = models.DateField(help_text="A year after both have signed")
    leadership_changed_on = models.DateField(null=True, blank=True, help_text="A change of leadership calls a review")

    class Meta:
        indexes = [models.Index(fields=["organisation", "pcn", "-review_due_on"], name="agreement_current")]


class CatchUp(BaseModel):
    """A catch-up with an organisation (at least every six months)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    pcn = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    notes = models.TextField(blank=True)


class AgreementException(BaseModel):
    """A PCN manager's recorded decision to allow connections to an organisation without a current agreement."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    pcn = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)


class ConfidenceSurvey(BaseModel):
    """An organisation's answers to the six-question confidence survey (data/confidence_survey.yaml)."""

    class Via(models.TextChoices):
        WEB = "web", "Answered on the web"
        PHONE = "phone", "Taken by phone by a link worker"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    answered_on = models.DateField()
    via = models.CharField(max_length=8, choices=Via.choices)
    people_connected = models.PositiveIntegerField(null=True, blank=True)
    coped_well = models.CharField(max_length=24, blank=True)
    what_would_help = models.TextField(blank=True)
    volunteers = models.PositiveIntegerField(null=True, blank=True)
    gaps = models.TextField(blank=True)
    support_needed = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "-answered_on"], name="confidence_latest")]
