"""Where an organisation stands with a PCN's quality assurance: its agreement to connect, catch-ups, exceptions.

Queries here; the date rules are qa_rules (pure). connections.services asks `may_connect` before sending anyone.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from linkwork.community import qa_rules
from linkwork.community.models import Agreement, AgreementException

DATA = Path(__file__).parent / "data"


@cache
def prompt_sheets() -> dict:
    """data/prompt_sheets.yaml as loaded: review and catch-up intervals and the two sheets by key."""
    raw = yaml.safe_load((DATA / "prompt_sheets.yaml").read_text(encoding="utf-8"))
    if not raw.get("source"):
        raise ValueError("prompt_sheets.yaml must name its source")
    return {**raw, "sheets": {sheet["key"]: sheet for sheet in raw["sheets"]}}


@dataclass(frozen=True)
class ConnectPermission:
    allowed: bool
    agreement_state: str  # qa_rules.CURRENT / DUE / OVERDUE / NONE
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
    state = qa_rules.agreement_state(
        agreement.review_due_on if agreement else None, agreement.leadership_changed_on if agreement else None, today
    )
    if qa_rules.agreement_is_current(state):
        return ConnectPermission(allowed=True, agreement_state=state)
    for exception in AgreementException.objects.filter(organisation_id=organisation_id, pcn_id=pcn_id).order_by(
        "-granted_on"
    ):
        if qa_rules.exception_applies(exception.granted_on, exception.expires_on, today):
            return ConnectPermission(allowed=True, agreement_state=state, exception=exception)
    return ConnectPermission(allowed=False, agreement_state=state)
