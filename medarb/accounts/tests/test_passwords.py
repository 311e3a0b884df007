"""Passwords are stored with argon2 in production; tests put a fast hasher first."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from medarb.accounts.models import User, UserKind

pytestmark = pytest.mark.django_db

TEST_ONLY_HASHERS = {"django.contrib.auth.hashers.MD5PasswordHasher"}


@pytest.fixture
def production_hashers(settings):
    """The configured hasher list without the one settings add for the test run only."""
    settings.PASSWORD_HASHERS = [h for h in settings.PASSWORD_HASHERS if h not in TEST_ONLY_HASHERS]
    return settings.PASSWORD_HASHERS


class TestPasswordStorage:
    def test_argon2_is_the_first_production_hasher(self, production_hashers):
        assert production_hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"

    def test_a_stored_password_is_an_argon2id_hash(self, production_hashers):
        user = User.objects.create_user(
            username="newclerk", password="a-long-pass-phrase-42", kind=UserKind.STAFF
        )

        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$")
        assert identify_hasher(user.password).algorithm == "argon2"
        assert user.check_password("a-long-pass-phrase-42")
        assert not user.check_password("a-long-pass-phrase-43")

    def test_an_older_hash_is_upgraded_to_argon2_at_the_next_sign_in(
        self, production_hashers, settings, client
    ):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        user = User.objects.create_user(
            username="oldclerk", password="a-long-pass-phrase-42", kind=UserKind.STAFF
        )
        assert user.password.startswith("pbkdf2_sha256$")
        settings.PASSWORD_HASHERS = production_hashers

        client.post("/accounts/login/", {"username": "oldclerk", "password": "a-long-pass-phrase-42"})

        user.refresh_from_db()
        assert user.password.startswith("argon2$")

    def test_short_and_common_passwords_are_refused_by_the_validators(self):
        for weak in ["short1", "password123", "1234567890"]:
            with pytest.raises(ValidationError):
                validate_password(weak)
