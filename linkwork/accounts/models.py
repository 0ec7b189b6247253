import hashlib
import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from linkwork.core.roles import CASELOAD_ROLES, PCN_ROLES, SUPERVISOR_ROLES, Role


def normalise_email(email: str) -> str:
    """Emails are kept and compared lower-case, so Lee@Example.NHS.uk and lee@example.nhs.uk are one account."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Sign-in (ModelBackend) looks users up here: any capitalisation finds the stored lower-case email.
        return self.get(email=normalise_email(username))

    def create_user(self, email, password=None, **extra):
        user = self.model(email=normalise_email(email), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. One role at one organisation (a PCN, practice, VCSE organisation or ICB)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=32, choices=Role.choices)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="users")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # Every way a user is made or changed (createuser, the demo, factories, the shell) stores the email lower-case.
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def holds_caseload(self) -> bool:
        return self.role in CASELOAD_ROLES

    @property
    def is_pcn_role(self) -> bool:
        return self.role in PCN_ROLES

    @property
    def is_supervisor(self) -> bool:
        return self.role in SUPERVISOR_ROLES

    @property
    def pcn_id(self):
        """The PCN whose people this user works with, if any."""
        if self.role in PCN_ROLES:
            return self.organisation_id
        if self.role == Role.PRACTICE_STAFF:
            return self.organisation.parent_id
        return None


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token itself is shown once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
