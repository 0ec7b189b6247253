# The cross-app tests use the same fixtures as the apps' own tests.
from linkwork.conftest import ApiClient, World, api, person, referral, world  # noqa: F401
