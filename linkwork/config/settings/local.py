"""Settings for `make run`: a developer or demo machine on 127.0.0.1."""

from linkwork.config.env import env_bool, env_list, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "linkwork-local-development-key-not-for-production")
LINKWORK_ALLOW_SYNTHETIC_DATA = True
LINKWORK_ALLOW_TEST_NHS_NUMBERS = True
# The demo's PCN (Riverside, U00001) holds a PAM licence, so the demo shows PAM on its schedule.
LINKWORK_PAM_LICENSED_PCNS = env_list("LINKWORK_PAM_LICENSED_PCNS", ["U00001"])
