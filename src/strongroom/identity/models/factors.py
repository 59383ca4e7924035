"""E-mail and SMS code factors (P-A1): restricted second factors in NIST SP 800-63B terms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CodeChannel(models.Model):
    """A way to receive one-time sign-in codes: the account's e-mail address, or a verified
    phone number. At most one of each kind per account."""

    class Kind(models.TextChoices):
        EMAIL = "email", "E-mail code"
        SMS = "sms", "Text message (SMS) code"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="code_channels"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    phone = models.CharField(max_length=16, blank=True, help_text="E.164, for SMS.")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("kind",)
        constraints = [
            models.UniqueConstraint(fields=("user", "kind"), name="identity_code_channel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user}"

    @property
    def destination(self) -> str:
        """Where codes go, masked for display: ``o…r@acme.test`` or ``+47 •••• 567``."""
        if self.kind == self.Kind.SMS:
            return mask_phone(self.phone)
        return mask_email(self.user.email)


def mask_phone(number: str) -> str:
    """``+4791234567`` → ``+47•••••567``: enough to recognise, not to read out."""
    return f"{number[:3]}{'•' * max(len(number) - 6, 0)}{number[-3:]}" if number else ""


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}…{local[-1:]}@{domain}" if len(local) > 1 else f"…@{domain}"
