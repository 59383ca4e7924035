"""Reads of the audit log, scoped to the actor's company."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from strongroom.platform.access import policy
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy.actor import Actor
from strongroom.platform.tenancy.permissions import AUDIT_VIEW


def audit_events(
    actor: Actor,
    *,
    event_type: AuditEventType | None = None,
    actor_email: str = "",
    object_type: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The actor's company's audit events, newest first, optionally filtered."""
    queryset = policy.restrict(actor, AuditEvent.objects.all(), AUDIT_VIEW)
    if event_type is not None:
        queryset = queryset.filter(event_type=int(event_type))
    if actor_email:
        queryset = queryset.filter(actor_email__iexact=actor_email.strip())
    if object_type:
        queryset = queryset.filter(object_type=object_type)
    if since is not None:
        queryset = queryset.filter(occurred_at__date__gte=since)
    if until is not None:
        queryset = queryset.filter(occurred_at__date__lte=until)
    return queryset.order_by("-occurred_at", "-id")
