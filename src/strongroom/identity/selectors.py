"""Reads of identity's security events: one's own, and a company's members'."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from strongroom.identity.models import SecurityEvent
from strongroom.identity.permissions import SECURITY_VIEW_MEMBERS
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy.models import Membership

SECURITY_EVENTS_SHOWN_DAYS = 90


def own_security_events(user: User) -> QuerySet[SecurityEvent]:
    """The signed-in user's own security events of the last 90 days."""
    since = timezone.now() - timedelta(days=SECURITY_EVENTS_SHOWN_DAYS)
    return SecurityEvent.objects.filter(user=user, occurred_at__gte=since)


def member_security_events(actor: Actor) -> QuerySet[SecurityEvent]:
    """Security events of the company's active members, last 90 days (security.view_members);
    none for an actor without that permission."""
    if not policy.allows(actor, SECURITY_VIEW_MEMBERS):
        return SecurityEvent.objects.none()
    since = timezone.now() - timedelta(days=SECURITY_EVENTS_SHOWN_DAYS)
    members = Membership.objects.filter(company=actor.company, is_active=True).values("user_id")
    return SecurityEvent.objects.filter(user_id__in=members, occurred_at__gte=since).select_related(
        "user"
    )
