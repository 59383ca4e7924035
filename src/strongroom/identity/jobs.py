"""Periodic jobs of identity: security events are kept for a bounded time; second-factor
secrets from before encryption at rest are sealed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from strongroom.identity.factors import actions as factor_actions
from strongroom.identity.factors import selectors as factor_selectors
from strongroom.identity.models import SecurityEvent
from strongroom.identity.permissions import MFA_SECRETS_ENCRYPT
from strongroom.platform.access.actor import Actor
from strongroom.platform.jobs.registry import periodic


@periodic(name="identity.prune_security_events", every=timedelta(days=1))
def prune_security_events(actor: Actor) -> None:
    """Delete security events older than the retention period."""
    horizon = timezone.now() - timedelta(days=settings.STRONGROOM_SECURITY_EVENT_RETENTION_DAYS)
    SecurityEvent.objects.filter(occurred_at__lt=horizon).delete()


@periodic(name="identity.encrypt_mfa_secrets", every=timedelta(days=1))
def encrypt_legacy_mfa_secrets(actor: Actor) -> str:
    """Seal second-factor secrets stored in the clear before encryption at rest (the first
    worker tick after an upgrade does it; later runs find nothing)."""
    job = replace(actor, platform=True, permissions=frozenset({MFA_SECRETS_ENCRYPT}))
    sealed, after = 0, 0
    while True:
        ids, after = factor_selectors.legacy_authenticators(after=after)
        if ids:
            sealed += factor_actions.encrypt_mfa_secrets(actor=job, authenticator_ids=ids)
        if not after:
            return f"sealed the secrets of {sealed} authenticator(s)"
