"""P-A5: 15 characters for an account without a second factor, 8 with one, up to 256."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.auth import enrol_totp
from tests.factories import UserFactory

FOURTEEN = "plum orchard 7"  # 14 characters, not a common password


@pytest.mark.django_db
def test_without_a_second_factor_fifteen_characters_are_needed() -> None:
    user = UserFactory()
    with pytest.raises(ValidationError, match="at least 15 characters"):
        validate_password(FOURTEEN, user)
    validate_password(FOURTEEN + "!", user)


@pytest.mark.django_db
def test_with_a_second_factor_eight_characters_suffice() -> None:
    user = UserFactory()
    enrol_totp(user)
    validate_password("plum 7 q", user)
    with pytest.raises(ValidationError, match="at least 8 characters"):
        validate_password("plum 7q", user)


@pytest.mark.django_db
def test_an_account_not_yet_saved_needs_fifteen() -> None:
    with pytest.raises(ValidationError, match="at least 15"):
        validate_password(FOURTEEN)


@pytest.mark.django_db
def test_long_passphrases_are_welcome_and_composition_is_free() -> None:
    user = UserFactory()
    validate_password("a" * 3 + " lowercase only passphrase with spaces " + "x" * 200, user)
    with pytest.raises(ValidationError, match="too long"):
        validate_password("y" * 257, user)
