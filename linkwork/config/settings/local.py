"""Settings for `make run`: a developer or demo machine on 127.0.0.1."""

from linkwork.config.env import env_bool, env_list, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "linkwork-local-development-key-not-for-production")
LINKWORK_ALLOW_SYNTHETIC_DATA = True
LINKWORK_ALLOW_TEST_NHS_NUMBERS = True
# The demo's PCN (Riverside, U00001) holds a PAM licence, so the demo shows PAM on its schedule.
LINKWORK_PAM_LICENSED_PCNS = env_list("LINKWORK_PAM_LICENSED_PCNS", ["U00001"])
# runserver starts a thread per request, so a persistent connection is never reused and each request would leave
# one open (PostgreSQL soon refuses more clients): Django's advice is not to keep connections in development.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
