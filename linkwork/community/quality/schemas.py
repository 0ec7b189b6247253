"""What the quality assurance API takes and answers. Inputs refuse unknown fields, wrong types and text over its limit
before the services check every rule (the limits are the services' own: fields.NAME_MAX, fields.TEXT_MAX)."""

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.utils import timezone
from ninja import Schema
from pydantic import ConfigDict, Field

from linkwork.community.models import Agreement, AgreementException
from linkwork.community.quality import policy, sheets
from linkwork.community.quality.fields import NAME_MAX, TEXT_MAX
from linkwork.core.api_schemas import IsoDate, StrictBoolean, text, whole_number

Sheet = Literal[tuple(sheets.prompt_sheets()["sheets"])]  # type: ignore[valid-type]
CopedWell = Literal[tuple(sheets.coped_well_options())]  # type: ignore[valid-type]
# More than any prompt sheet holds, so the service can name an unknown key rather than the schema a count.
MAX_SHEET_ITEMS = 20


class AgreementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    sheet: Sheet = Field(description="The prompt sheet used: vcse_provider or community_group")  # type: ignore[valid-type]
    pcn_signatory: text(NAME_MAX) = Field(description="Who signed for the PCN (the caller's PCN)")  # type: ignore[valid-type]
    pcn_signed_on: IsoDate
    organisation_signatory: text(NAME_MAX) = Field(description="Who signed for the group or organisation")  # type: ignore[valid-type]
    organisation_signed_on: IsoDate
    assessment: UUID | None = Field(
        None,
        description="The prompt sheet worked through before signing. Whether named or not, the PCN's latest prompt "
        "sheet with the organisation on or before the earlier signature must have ended confident, unless a PCN "
        "manager's exception is in force (422 assessment: prompt_sheet_required or not_confident)",
    )


class AgreementOut(Schema):
    id: UUID
    organisation: UUID = Field(validation_alias="organisation_id")
    pcn: UUID = Field(validation_alias="pcn_id")
    assessment: UUID | None = Field(validation_alias="assessment_id")
    sheet: str
    pcn_signatory: str
    pcn_signed_on: date
    organisation_signatory: str
    organisation_signed_on: date
    review_due_on: date
    leadership_changed_on: date | None
    state: str = Field(
        "",
        description='"current", "due" (review within 30 days), or "overdue" (review date passed or leadership changed)',
    )
    created_at: datetime

    @staticmethod
    def resolve_state(obj: Agreement) -> str:
        return policy.agreement_state(obj.review_due_on, obj.leadership_changed_on, timezone.localdate())


class CheckIn(Schema):
    model_config = ConfigDict(extra="forbid")

    notes: text(TEXT_MAX) = ""  # type: ignore[valid-type]
    evidence: text(TEXT_MAX) = ""  # type: ignore[valid-type]


class AssessmentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    sheet: Sheet = Field(description="vcse_provider (prompt sheet 1) or community_group (prompt sheet 2)")  # type: ignore[valid-type]
    documents: dict[str, StrictBoolean] = Field(
        max_length=MAX_SHEET_ITEMS, description="Every document on the sheet by key: true if received, false if not"
    )
    checks: dict[str, CheckIn] = Field(
        default_factory=dict, max_length=MAX_SHEET_ITEMS, description="Notes and evidence for checks on the sheet"
    )
    notes: text(TEXT_MAX) = ""  # type: ignore[valid-type]
    actions_agreed: text(TEXT_MAX) = Field("", description="Required when not confident")  # type: ignore[valid-type]
    confident: StrictBoolean = Field(description="Whether you are confident to connect people to the organisation")
    assessed_on: IsoDate | None = Field(None, description="Today if not given")


class AssessmentOut(Schema):
    id: UUID
    organisation: UUID = Field(validation_alias="organisation_id")
    pcn: UUID = Field(validation_alias="pcn_id")
    sheet: str
    assessed_on: date
    documents: dict[str, bool]
    checks: dict[str, dict[str, str]]
    notes: str
    actions_agreed: str
    confident: bool
    created_at: datetime


class LeadershipChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    changed_on: IsoDate = Field(
        description="When the organisation's leadership changed; after the agreement was signed"
    )


class CatchUpIn(Schema):
    model_config = ConfigDict(extra="forbid")

    held_on: IsoDate
    notes: text(TEXT_MAX) = ""  # type: ignore[valid-type]


class CatchUpOut(Schema):
    id: UUID
    organisation: UUID = Field(validation_alias="organisation_id")
    pcn: UUID = Field(validation_alias="pcn_id")
    held_on: date
    notes: str
    created_at: datetime


class ExceptionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: text(TEXT_MAX) = Field(description="Why link workers may connect people without a current agreement")  # type: ignore[valid-type]
    expires_on: IsoDate | None = Field(None, description="The day it ends (after today); open-ended if not given")


class ExceptionOut(Schema):
    id: UUID
    organisation: UUID = Field(validation_alias="organisation_id")
    pcn: UUID = Field(validation_alias="pcn_id")
    reason: str
    granted_on: date
    expires_on: date | None
    in_force: bool = Field(False, description="Whether it applies today")
    created_at: datetime

    @staticmethod
    def resolve_in_force(obj: AgreementException) -> bool:
        return policy.exception_applies(obj.granted_on, obj.expires_on, timezone.localdate())


class SurveyIn(Schema):
    """The six questions (seed 003 section 12). A VCSE partner answers for their own organisation ("web"); a link
    worker or PCN manager enters answers the organisation gave by phone ("phone")."""

    model_config = ConfigDict(extra="forbid")

    people_connected: whole_number(0, 1_000_000) | None = None  # type: ignore[valid-type]
    coped_well: CopedWell  # type: ignore[valid-type]
    what_would_help: text(TEXT_MAX) = ""  # type: ignore[valid-type]
    volunteers: whole_number(0, 1_000_000) | None = None  # type: ignore[valid-type]
    gaps: text(TEXT_MAX) = ""  # type: ignore[valid-type]
    support_needed: text(TEXT_MAX) = ""  # type: ignore[valid-type]
    answered_on: IsoDate | None = Field(None, description="Today if not given")


class SurveyOut(Schema):
    id: UUID
    organisation: UUID = Field(validation_alias="organisation_id")
    answered_on: date
    via: str
    people_connected: int | None
    coped_well: str
    what_would_help: str
    volunteers: int | None
    gaps: str
    support_needed: str
    created_at: datetime


class StandingOut(Schema):
    """Where the organisation stands with the caller's PCN today, as the organisation's quality assurance page says."""

    organisation: UUID
    may_connect: bool = Field(description="Under a current agreement or an exception in force")
    agreement: AgreementOut | None
    agreement_state: str = Field(description='"current", "due", "overdue" or "none"')
    exception: ExceptionOut | None = Field(description="The exception in force, if the agreement is not current")
    last_catch_up_on: date | None
    catch_up_state: str = Field(description='"current", "due" or "overdue" (every six months)')
    next_catch_up_on: date | None
    last_survey_on: date | None
    survey_state: str = Field(description='"current", "due" or "overdue" (every six months)')
    next_survey_on: date | None


def standing_out(standing: Any) -> dict[str, Any]:
    """A presenters.Standing as the API answers it (StandingOut; ninja reads the agreement and exception rows)."""
    survey = standing.survey
    return {
        "organisation": standing.organisation.pk,
        "may_connect": standing.may_connect,
        "agreement": standing.agreement,
        "agreement_state": standing.agreement_state,
        "exception": standing.exception,
        "last_catch_up_on": standing.last_catch_up_on,
        "catch_up_state": standing.catch_up_state,
        "next_catch_up_on": standing.next_catch_up_on,
        "last_survey_on": survey.last.answered_on if survey.last else None,
        "survey_state": survey.state,
        "next_survey_on": survey.next_on,
    }
