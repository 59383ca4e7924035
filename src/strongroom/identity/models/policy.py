"""A company's sign-in policy (P-A1, P-A2): which factors count there, and whether SSO is
required. A company without a row has the defaults below."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from strongroom.platform.tenancy.models import TenantRecord

DEFAULT_TRUST_BROWSER_DAYS = 30
MAX_TRUST_BROWSER_DAYS = 365


class SignInPolicy(TenantRecord):
    """What a session must have done before it may enter the company."""

    allow_email_codes = models.BooleanField(
        default=True, help_text="E-mail codes count as a second factor here."
    )
    allow_sms_codes = models.BooleanField(
        default=True, help_text="Text message codes count as a second factor here."
    )
    trust_browser_days = models.PositiveSmallIntegerField(
        default=DEFAULT_TRUST_BROWSER_DAYS,
        help_text="How long a trusted browser may skip the second factor here; 0 = never.",
    )
    require_sso = models.BooleanField(
        default=False, help_text="Members enter only after signing in through the provider."
    )
    accept_provider_mfa = models.BooleanField(
        default=False,
        help_text="A provider sign-in that reports multi-factor (amr/acr) replaces the local "
        "second factor here.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("company",), name="identity_signin_policy_unique")
        ]

    def __str__(self) -> str:
        return f"Sign-in policy of company {self.company_id}"
