from linkwork.config.settings import base


def test_passwords_are_hashed_with_argon2_outside_tests():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
