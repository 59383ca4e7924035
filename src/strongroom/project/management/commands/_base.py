"""Shared helpers for the operator commands."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def validation_error(exc: ValidationError) -> CommandError:
    """A CommandError listing each field's messages, for a clear exit-1 message."""
    if hasattr(exc, "error_dict"):
        parts = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
    else:
        parts = list(exc.messages)
    return CommandError("; ".join(parts))
