"""Writes to users and API tokens."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import ApiToken, User, hash_token, normalise_email
from linkwork.accounts.roles import ORGANISATION_KINDS_FOR_ROLE
from linkwork.core.auditor import Auditor
from linkwork.core.errors import ErrorCollector
from linkwork.core.roles import Role
from linkwork.organisations.models import Organisation
from linkwork.organisations.services import normalise_code

TOKEN_PREFIX = "lw_"


@transaction.atomic
def create_user(
    *,
    email: str,
    role: str,
    organisation_code: str,
    full_name: str = "",
    password: str | None = None,
    auditor: Auditor,
) -> User:
    errors = ErrorCollector()
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", "format", "enter an email address like name@example.nhs.uk")
    else:
        if User.objects.filter(email=email).exists():
            errors.add("email", "unique", f"a user with email {email} already exists")
    if role not in Role.values:
        errors.add("role", "choice", f"role must be one of {', '.join(Role.values)}")
    organisation = Organisation.objects.filter(code=normalise_code(organisation_code)).first()
    if organisation is None:
        errors.add("organisation", "exists", f"no organisation has code {normalise_code(organisation_code)}")
    elif role in Role.values:
        kinds = ORGANISATION_KINDS_FOR_ROLE[Role(role)]
        if kinds is not None and organisation.kind not in kinds:
            errors.add("organisation", "kind", f"a {role} must belong to an organisation of kind {' or '.join(kinds)}")
    if password:
        try:
            validate_password(password, User(email=email, full_name=full_name))
        except ValidationError as exc:
            errors.add("password", "strength", " ".join(exc.messages))
    errors.raise_if_any()
    assert organisation is not None  # checked above
    user = User.objects.create_user(
        email, password, role=role, organisation=organisation, full_name=full_name or email.split("@")[0]
    )
    auditor.created("user", user.pk, detail={"email": email, "role": role, "organisation": organisation.code})
    return user


def issue_api_token(user: User, auditor: Auditor) -> str:
    """Create a bearer token for `user` and return it; only its hash is kept, so this is the one chance to see it."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[:10])
    auditor.created("api_token", user.pk, detail={"user": user.email})
    return raw


def sign_in_username(request, credentials: dict | None = None) -> str:
    """The email a sign-in attempt is for, as django-axes counts failures (AXES_USERNAME_CALLABLE): lower-case, so
    Lee@Example.NHS.uk and lee@example.nhs.uk are one account for the lockout too."""
    data = credentials if credentials else getattr(request, "POST", {})
    return normalise_email(data.get("username") or "")


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Record use at most once a minute, so reads do not turn into writes on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
