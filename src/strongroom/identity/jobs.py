"""Periodic jobs of identity: security events are kept for a bounded time."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from strongroom.identity.models import SecurityEvent
from strongroom.platform.jobs.registry import periodic
from strongroom.platform.tenancy.actor import Actor


@periodic(name="identity.prune_security_events", every=timedelta(days=1))
def prune_security_events(actor: Actor) -> None:
    """Delete security events older than the retention period."""
    horizon = timezone.now() - timedelta(days=settings.STRONGROOM_SECURITY_EVENT_RETENTION_DAYS)
    SecurityEvent.objects.filter(occurred_at__lt=horizon).delete()
