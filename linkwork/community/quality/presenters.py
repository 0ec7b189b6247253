"""The read side of quality assurance: where an organisation stands with a PCN (its agreement to connect, catch-ups,
exceptions, confidence surveys), its history, and whether the PCN may connect people to it.

Queries here; the date rules are quality.policy (pure). connections.services asks `may_connect` before sending anyone.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from linkwork.community.models import (
    Agreement,
    AgreementException,
    CatchUp,
    ConfidenceSurvey,
    QualityAssessment,
    Service,
)
from linkwork.community.quality import policy
from linkwork.community.quality.sheets import confidence_survey, prompt_sheets
from linkwork.core.dates import add_months
from linkwork.organisations.models import PROVIDER_KINDS, Organisation


@dataclass(frozen=True)
class ConnectPermission:
    allowed: bool
    agreement_state: str  # policy.CURRENT / DUE / OVERDUE / NONE
    exception: AgreementException | None = None


def latest_agreement(organisation_id, pcn_id) -> Agreement | None:
    return (
        Agreement.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id)
        .order_by("-organisation_signed_on", "-pcn_signed_on", "-created_at")
        .first()
    )


def may_connect(organisation_id, pcn_id, today: date) -> ConnectPermission:
    """A PCN's link workers may connect people to an organisation under a current agreement to connect, or
    under an exception a PCN manager recorded (seed 003 section 9)."""
    agreement = latest_agreement(organisation_id, pcn_id)
    state = policy.agreement_state(
        agreement.review_due_on if agreement else None, agreement.leadership_changed_on if agreement else None, today
    )
    if policy.agreement_is_current(state):
        return ConnectPermission(allowed=True, agreement_state=state)
    exception = exception_in_force(organisation_id, pcn_id, today)
    if exception is not None:
        return ConnectPermission(allowed=True, agreement_state=state, exception=exception)
    return ConnectPermission(allowed=False, agreement_state=state)


def exception_in_force(organisation_id, pcn_id, today: date) -> AgreementException | None:
    """The PCN manager's exception for the organisation in force on `today`, the most recently granted first."""
    for exception in AgreementException.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id).order_by(
        "-granted_on"
    ):
        if policy.exception_applies(exception.granted_on, exception.expires_on, today):
            return exception
    return None


def signing_refusal(organisation_id, pcn_id, today: date) -> str | None:
    """Why an agreement could not be signed today (policy.agreement_refusal), for the page to say before the form."""
    latest = latest_assessment_by(organisation_id, pcn_id, today)
    exception = exception_in_force(organisation_id, pcn_id, today)
    return policy.agreement_refusal(latest.confident if latest else None, None, exception is not None)


def latest_assessment_by(organisation_id, pcn_id, day: date) -> QualityAssessment | None:
    """The PCN's latest prompt sheet worked through with the organisation on or before `day`."""
    return (
        QualityAssessment.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id, assessed_on__lte=day)
        .order_by("-assessed_on", "-created_at")
        .first()
    )


# --- Reading an organisation's quality assurance for the pages and the API (queries; rules in policy) ---


def is_provider(organisation: Organisation) -> bool:
    return organisation.kind in PROVIDER_KINDS


def latest_survey(organisation_id) -> ConfidenceSurvey | None:
    return (
        ConfidenceSurvey.objects.filter(organisation_id=organisation_id).order_by("-answered_on", "-created_at").first()
    )


@dataclass(frozen=True)
class SurveyStanding:
    last: ConfidenceSurvey | None
    state: str  # policy.CURRENT / DUE / OVERDUE
    next_on: date | None  # None when never answered: due now


def survey_standing(organisation_id, today: date) -> SurveyStanding:
    """When the organisation last answered the confidence survey and when it is next due (every six months)."""
    return _survey_standing(latest_survey(organisation_id), today)


def _survey_standing(last: ConfidenceSurvey | None, today: date) -> SurveyStanding:
    every = confidence_survey()["every_months"]
    last_on = last.answered_on if last else None
    return SurveyStanding(
        last=last,
        state=policy.every_months_state(last_on, every, today),
        next_on=add_months(last_on, every) if last_on else None,
    )


@dataclass(frozen=True)
class Standing:
    """Where one organisation stands with one PCN's quality assurance today."""

    organisation: Organisation
    agreement: Agreement | None
    agreement_state: str
    exception: AgreementException | None  # the exception in force, if any
    last_catch_up_on: date | None
    catch_up_state: str
    next_catch_up_on: date | None
    survey: SurveyStanding

    @property
    def states(self) -> tuple[str, ...]:
        return (self.agreement_state, self.catch_up_state, self.survey.state)

    @property
    def may_connect(self) -> bool:
        return policy.agreement_is_current(self.agreement_state) or self.exception is not None

    @property
    def attention(self) -> int:
        """0 overdue or lapsed, 1 due, 2 no agreement yet, 3 all in order: the overview lists the first first."""
        if policy.OVERDUE in self.states:
            return 0
        if policy.DUE in self.states:
            return 1
        if self.agreement_state == policy.NONE:
            return 2
        return 3


def _latest_by_organisation(rows, key) -> dict:
    found: dict = {}
    for row in rows:
        current = found.get(row.organisation_id)
        if current is None or key(row) > key(current):
            found[row.organisation_id] = row
    return found


def _agreement_order(agreement: Agreement):
    return (agreement.organisation_signed_on, agreement.pcn_signed_on, agreement.created_at)


def _organisations_worked_with(pcn_id) -> set:
    """Provider organisations with any quality assurance record of the PCN's, or with a service in the directory in
    the PCN's area (the ICB it belongs to, or none named)."""
    ids: set = set()
    for model in (QualityAssessment, Agreement, CatchUp, AgreementException):
        ids |= set(model.objects.filter(pcn_id=pcn_id).values_list("organisation_id", flat=True))  # type: ignore[attr-defined]
    icb_id = Organisation.objects.filter(pk=pcn_id).values_list("parent_id", flat=True).first()
    services = Service.objects.filter(organisation__kind__in=PROVIDER_KINDS)
    if icb_id:
        services = services.filter(Q(organisation__parent_id=icb_id) | Q(organisation__parent__isnull=True))
    ids |= set(services.values_list("organisation_id", flat=True))
    return ids


def standings(pcn_id, today: date, organisation_ids=None) -> list[Standing]:
    """The provider organisations a PCN works with (any assessment, agreement, catch-up or exception of its own,
    or services in the directory in the PCN's area), each with its standing; the ones needing attention first,
    then by name. A handful of queries whatever the number of organisations."""
    if organisation_ids is None:
        organisation_ids = _organisations_worked_with(pcn_id)
    organisations = list(Organisation.objects.filter(pk__in=organisation_ids, kind__in=PROVIDER_KINDS))
    ids = [o.pk for o in organisations]
    agreements = _latest_by_organisation(
        Agreement.objects.filter(pcn_id=pcn_id, organisation_id__in=ids), _agreement_order
    )
    catch_ups = _latest_by_organisation(
        CatchUp.objects.filter(pcn_id=pcn_id, organisation_id__in=ids), lambda c: (c.held_on, c.created_at)
    )
    surveys = _latest_by_organisation(
        ConfidenceSurvey.objects.filter(organisation_id__in=ids), lambda s: (s.answered_on, s.created_at)
    )
    exceptions: dict = {}
    in_force = AgreementException.objects.filter(pcn_id=pcn_id, organisation_id__in=ids)
    for exception in in_force.order_by("-granted_on", "-created_at"):
        if exception.organisation_id not in exceptions and policy.exception_applies(
            exception.granted_on, exception.expires_on, today
        ):
            exceptions[exception.organisation_id] = exception
    every = prompt_sheets()["catch_up_within_months"]
    found = []
    for organisation in organisations:
        agreement = agreements.get(organisation.pk)
        state = policy.agreement_state(
            agreement.review_due_on if agreement else None,
            agreement.leadership_changed_on if agreement else None,
            today,
        )
        catch_up = catch_ups.get(organisation.pk)
        last_catch_up_on = catch_up.held_on if catch_up else None
        found.append(
            Standing(
                organisation=organisation,
                agreement=agreement,
                agreement_state=state,
                exception=None if policy.agreement_is_current(state) else exceptions.get(organisation.pk),
                last_catch_up_on=last_catch_up_on,
                catch_up_state=policy.every_months_state(last_catch_up_on, every, today),
                next_catch_up_on=add_months(last_catch_up_on, every) if last_catch_up_on else None,
                survey=_survey_standing(surveys.get(organisation.pk), today),
            )
        )
    return sorted(found, key=lambda s: (s.attention, s.organisation.name.lower()))


def standing(organisation: Organisation, pcn_id, today: date) -> Standing:
    return standings(pcn_id, today, organisation_ids=[organisation.pk])[0]


@dataclass(frozen=True)
class History:
    assessments: list[QualityAssessment]
    agreements: list[Agreement]
    catch_ups: list[CatchUp]
    exceptions: list[AgreementException]
    surveys: list[ConfidenceSurvey]


def history(organisation_id, pcn_id) -> History:
    """Everything the PCN has recorded with the organisation, newest first, and the organisation's surveys."""
    return History(
        assessments=list(
            QualityAssessment.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id)
            .select_related("created_by")
            .order_by("-assessed_on", "-created_at")
        ),
        agreements=list(
            Agreement.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id)
            .select_related("created_by", "assessment")
            .order_by("-organisation_signed_on", "-pcn_signed_on", "-created_at")
        ),
        catch_ups=list(
            CatchUp.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id)
            .select_related("created_by")
            .order_by("-held_on", "-created_at")
        ),
        exceptions=list(
            AgreementException.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id)
            .select_related("created_by")
            .order_by("-granted_on", "-created_at")
        ),
        surveys=list(
            ConfidenceSurvey.objects.filter(organisation_id=organisation_id)
            .select_related("created_by")
            .order_by("-answered_on", "-created_at")
        ),
    )


def assessments_for(organisation_id, pcn_id) -> list[QualityAssessment]:
    return list(
        QualityAssessment.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id).order_by(
            "-assessed_on", "-created_at"
        )
    )


def assessment_for(assessment_id, organisation_id, pcn_id) -> QualityAssessment | None:
    return QualityAssessment.objects.filter(pk=assessment_id, organisation_id=organisation_id, pcn_id=pcn_id).first()


def agreements_for(organisation_id, pcn_id) -> list[Agreement]:
    return list(
        Agreement.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id).order_by(
            "-organisation_signed_on", "-pcn_signed_on", "-created_at"
        )
    )
