"""Which SNOMED CT code, if any, a link worker's contact puts in the GP record. Pure: plain values in and out.

Source for every rule: NHS England and NHS Improvement, "Measuring the impact of social prescribing
through coding and outcome measures" (seed 000), summarised in docs/coding.md.

  R1  Only social prescribing link workers' activity is coded as social prescribing. Health and wellbeing
      coaches and care coordinators use their own role-specific codes, even when the work looks like
      social prescribing.
  R2  871731000000106 "Referral to social prescribing service" when the person accepts: the first
      interaction of an episode of care only, never ongoing activity (so follow-ups are not coded).
  R3  871711000000103 "Social prescribing declined" when the person declines.
  R4  One referral code per episode. A new episode after discharge may be coded again.
  R5  Nil return when the person does not answer or respond, or hangs up without clearly accepting.
  R6  COVID-19 vaccine programme: information, access support and clinic conversations leading to
      agreement are coded as R2; administrative booking alone is not coded.
  R7  Shielding welfare calls from 1 April 2021 are not coded as social prescribing.
  R8  "Social prescribing offered" (871691000000100) is a legacy code: never produced.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from linkwork.coding.catalogue import Code, catalogue, purpose_is_codable
from linkwork.referrals.policy import ACCEPTED, DECLINED


@dataclass(frozen=True)
class ContactFacts:
    outcome: str
    practitioner_role: str
    purpose: str
    occurred_on: date


def code_for_contact(contact: ContactFacts, codes_already_in_episode: Sequence[str] = ()) -> Code | None:
    """The code this contact adds to the GP record, given the codes its episode already has (SNOMED ids)."""
    codes = catalogue()
    if contact.practitioner_role not in codes.coded_roles:  # R1
        return None
    if not purpose_is_codable(contact.purpose, contact.occurred_on):  # R6, R7
        return None
    if contact.outcome not in (ACCEPTED, DECLINED):  # R2 (follow-ups), R5 (no response)
        return None
    referral_codes = {codes.accepted.id, codes.declined.id}
    if referral_codes.intersection(codes_already_in_episode):  # R4
        return None
    return codes.accepted if contact.outcome == ACCEPTED else codes.declined  # R2, R3 (never R8)


def codes_for_episode(contacts: Sequence[ContactFacts]) -> list[Code | None]:
    """Apply `code_for_contact` to an episode's contacts in order; one entry per contact."""
    produced: list[str] = []
    result: list[Code | None] = []
    for contact in contacts:
        code = code_for_contact(contact, produced)
        if code is not None:
            produced.append(code.id)
        result.append(code)
    return result
