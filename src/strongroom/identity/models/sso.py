"""OpenID Connect single sign-on (P-A2): a company's provider, and who signed in through it.

A person's identity at a provider is the pair (issuer, subject); e-mail addresses and names in
the provider's tokens are never used to find an account once the pair is linked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from strongroom.platform.keys.fields import EncryptedTextField
from strongroom.platform.tenancy.models import TenantRecord

DISCOVERY_SUFFIX = "/.well-known/openid-configuration"


class SsoProvider(TenantRecord):
    """The company's OpenID Connect provider (one per company)."""

    name = models.CharField(max_length=100, help_text="Shown on the sign-in button.")
    issuer = models.URLField(
        max_length=500, help_text="Issuer URL; discovery is at <issuer>" + DISCOVERY_SUFFIX
    )
    client_id = models.CharField(max_length=255)
    client_secret = EncryptedTextField(personal=False)
    link_unverified_email = models.BooleanField(
        default=False,
        help_text="Link a first sign-in to the member with the provider's e-mail even without "
        "email_verified (Microsoft Entra ID does not send it).",
    )
    mfa_amr = models.CharField(
        max_length=200, default="mfa otp hwk swk sms fpt face pin",
        help_text="Space-separated amr values that mean the provider checked a second factor.",
    )
    mfa_acr = models.CharField(
        max_length=200, blank=True,
        help_text="Space-separated acr values that mean the same (optional).",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("company",), name="identity_sso_provider_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + DISCOVERY_SUFFIX


class SsoIdentity(models.Model):
    """An account's identity at an OpenID Connect issuer, linked once, found by the pair."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("issuer", "subject"), name="identity_sso_pair_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
