"""Synthetic agreements to connect rest on what the service would have asked for: the PCN's latest prompt sheet with
the organisation before the signing ended confident (or an exception was in force), seed 003 Appendix 5."""

from collections import defaultdict
from datetime import date

import pytest
from django.utils import timezone

from linkwork.community.models import Agreement, AgreementException, QualityAssessment
from linkwork.community.quality import policy
from linkwork.synthetic.assurance import RECHECK_NOTES
from linkwork.synthetic.generator import generate

TODAY = date(2026, 3, 31)


@pytest.fixture
def dataset(db):
    return generate(people=2500, seed=4, today=TODAY, progress=False)


def test_every_agreement_follows_a_confident_prompt_sheet_or_an_exception(dataset):
    sheets, exceptions = defaultdict(list), defaultdict(list)
    for sheet in QualityAssessment.objects.all():
        sheets[(sheet.organisation_id, sheet.pcn_id)].append(sheet)
    for exception in AgreementException.objects.all():
        exceptions[(exception.organisation_id, exception.pcn_id)].append(exception)
    agreements = list(Agreement.objects.select_related("assessment"))
    assert agreements
    for agreement in agreements:
        pair = (agreement.organisation_id, agreement.pcn_id)
        signed = min(agreement.pcn_signed_on, agreement.organisation_signed_on)
        before = [s for s in sheets[pair] if s.assessed_on <= signed]
        latest = max(before, key=lambda s: (s.assessed_on, s.created_at)) if before else None
        recorded = timezone.localdate(agreement.created_at)
        in_force = any(policy.exception_applies(x.granted_on, x.expires_on, recorded) for x in exceptions[pair])
        named = agreement.assessment.confident if agreement.assessment else None
        assert policy.agreement_refusal(latest.confident if latest else None, named, in_force) is None, agreement.pk
    # Some organisations needed actions first: their sheet was worked through again before the signing.
    rechecked = QualityAssessment.objects.filter(notes=RECHECK_NOTES)
    assert rechecked.exists() and QualityAssessment.objects.filter(confident=False).exists()
    assert all(s.confident and not s.actions_agreed for s in rechecked)
