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
