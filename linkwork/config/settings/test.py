"""Settings for the test suite."""

from linkwork.config.env import env_str

from .base import *  # noqa: F403

SECRET_KEY = "linkwork-test-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Fast hashing in tests; argon2 is what runs everywhere else (a test pins that).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING")
LINKWORK_ALLOW_SYNTHETIC_DATA = True
LINKWORK_ALLOW_TEST_NHS_NUMBERS = True
