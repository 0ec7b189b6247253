"""The connect-to-services search uses the community directory's full-text search (issue 8, B2)."""

import pytest

from linkwork.community.tests.factories import ServiceFactory
from linkwork.connections import services
from linkwork.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_connecting_someone_finds_what_the_link_worker_means_best_first():
    ServiceFactory(name="Benefits check", category="money_welfare", description="A full benefits check.")
    centre = OrganisationFactory(kind="vcse", name="Oakford Money Advice Centre")
    ServiceFactory(name="Community choir", category="arts", description="Singing.", organisation=centre)
    ServiceFactory(name="Stopped debt clinic", category="money_welfare", status="inactive")
    for words in ("money advice", "debt", "welfare"):
        assert services.directory(words)[0].name == "Benefits check", words
    assert [s.name for s in services.directory("money advice")] == ["Benefits check", "Community choir"]
    assert [s.name for s in services.directory("debt", category="money_welfare")] == ["Benefits check"]
    assert [s.name for s in services.directory("")] == ["Benefits check", "Community choir"]
