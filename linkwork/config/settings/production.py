"""Settings for a deployed service. Everything secret or site-specific comes from the environment."""

import os

from linkwork.config.env import env_bool

from .base import *  # noqa: F403

DEBUG = False
# Static files are served by the app itself (WhiteNoise), straight after the security middleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
SECRET_KEY = os.environ["SECRET_KEY"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Pre-compressing ~20 MB of NHS.UK frontend files (gzip with zopfli, and brotli) makes collectstatic take minutes;
# a build that can do without compressed copies (the test that starts these settings) turns it off.
if not env_bool("LINKWORK_COMPRESS_STATIC", True):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
