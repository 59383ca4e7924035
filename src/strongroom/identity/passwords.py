"""Password rules beyond Django's validators (P-A5)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_PASSWORD_LENGTH = 256


class MaximumLengthValidator:
    """Accept long passphrases (at least 64 characters) but bound the hashing work."""

    def __init__(self, max_length: int = MAX_PASSWORD_LENGTH) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long: at most {self.max_length} characters.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password may be up to {self.max_length} characters long."


class SecondFactorAwareMinimumLengthValidator:
    """At least 8 characters, or 15 for an account with no second factor yet (NIST SP 800-63B
    for single-factor authenticators). New accounts set their first password before enrolling,
    so in practice every first password has at least 15 characters."""

    def __init__(self, min_length: int = 8, single_factor_min_length: int = 15) -> None:
        self.min_length = min_length
        self.single_factor_min_length = single_factor_min_length

    def _required(self, user: object) -> int:
        from strongroom.identity.factors.second_factor import has_second_factor
        from strongroom.platform.accounts.models import User

        if isinstance(user, User) and user.pk is not None and has_second_factor(user):
            return self.min_length
        return self.single_factor_min_length

    def validate(self, password: str, user: object = None) -> None:
        required = self._required(user)
        if len(password) < required:
            raise ValidationError(
                f"This password is too short: use at least {required} characters"
                + (" (15 until the account has a second factor)." if required > 8 else "."),
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return (
            f"Use at least {self.min_length} characters, or {self.single_factor_min_length} "
            "while your account has no second factor. Long passphrases are welcome."
        )
