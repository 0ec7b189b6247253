"""Shared fixtures: a small world of two PCNs with a user in every role, and an API client with a bearer token."""

import json
from dataclasses import dataclass, field

import pytest
from django.test import Client

from linkwork.accounts.tests.factories import UserFactory, token_for
from linkwork.core.roles import Role
from linkwork.organisations.tests.factories import OrganisationFactory, make_pcn, make_practice
from linkwork.people.tests.factories import PersonFactory
from linkwork.referrals.tests.factories import ReferralFactory


@dataclass
class World:
    icb: object
    pcn: object
    practice: object
    other_pcn: object
    other_practice: object
    vcse: object
    users: dict = field(default_factory=dict)
    other_users: dict = field(default_factory=dict)

    def user(self, role: str):
        return self.users[role]


def _home_for(role, world):
    if role == Role.PRACTICE_STAFF:
        return world.practice
    if role == Role.VCSE_PARTNER:
        return world.vcse
    if role in (Role.COMMISSIONER, Role.ADMIN):
        return world.icb
    return world.pcn


@pytest.fixture
def world(db) -> World:
    icb = OrganisationFactory(kind="icb", code="QWE", name="Test ICB")
    pcn = make_pcn("U11111", icb)
    other_pcn = make_pcn("U22222", icb)
    w = World(
        icb=icb,
        pcn=pcn,
        practice=make_practice("A11111", pcn),
        other_pcn=other_pcn,
        other_practice=make_practice("B22222", other_pcn),
        vcse=OrganisationFactory(kind="vcse", code="1234567", name="Good Neighbours", parent=icb),
    )
    for role in Role:
        w.users[role.value] = UserFactory(
            role=role.value, organisation=_home_for(role, w), email=f"{role.value}@example.nhs.uk"
        )
    for role in (Role.LINK_WORKER, Role.PCN_MANAGER):
        w.other_users[role.value] = UserFactory(
            role=role.value, organisation=other_pcn, email=f"other-{role.value}@example.nhs.uk"
        )
    w.other_users[Role.PRACTICE_STAFF.value] = UserFactory(
        role=Role.PRACTICE_STAFF, organisation=w.other_practice, email="other-practice_staff@example.nhs.uk"
    )
    return w


@pytest.fixture
def person(world):
    return PersonFactory(gp_practice=world.practice)


@pytest.fixture
def referral(person):
    return ReferralFactory(person=person)


class ApiClient:
    """Django's test client speaking JSON with `Authorization: Bearer <token>`."""

    def __init__(self, user=None, token: str | None = None):
        self.client = Client()
        self.token = token or (token_for(user) if user else None)

    def _headers(self, extra):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def get(self, path, params=None, **extra):
        return self.client.get(path, params or {}, **self._headers(extra))

    def post(self, path, body=None, **extra):
        return self.client.post(path, json.dumps(body or {}), content_type="application/json", **self._headers(extra))


@pytest.fixture
def api():
    return ApiClient
