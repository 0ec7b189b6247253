import pytest


@pytest.fixture
def pam_licence(settings, world):
    """The world's PCN holds a PAM licence (LINKWORK_PAM_LICENSED_PCNS); the test settings name none."""
    settings.LINKWORK_PAM_LICENSED_PCNS = [world.pcn.code]
