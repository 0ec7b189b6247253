"""The OpenAPI document tells the truth: schemathesis generates requests for every operation from the document
and sends them through the WSGI application as a link worker; no answer may be a server error or carry a status
the operation does not document. Bounded (a few examples per operation, derandomised) so it stays well under a
minute in CI."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from linkwork.accounts.tests.factories import token_for
from linkwork.people.tests.factories import PersonFactory
from linkwork.referrals.tests.factories import ReferralFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

EXAMPLES_PER_OPERATION = 12


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through the real WSGI handler, whose request signals close database connections that are not in
    autocommit: the test's own transaction, on PostgreSQL. Django's test client stops that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world):
    # Something for the generated ids to miss or, by a lucky draw, to find.
    ReferralFactory(person=PersonFactory(gp_practice=world.practice))
    return token_for(world.user("link_worker"))


@pytest.mark.schemathesis
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented_and_none_is_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
