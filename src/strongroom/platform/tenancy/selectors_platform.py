"""Platform-wide reads for operators: companies as tenants, never their members or records."""

from __future__ import annotations

from django.db.models import QuerySet

from strongroom.platform.access import policy
from strongroom.platform.tenancy.actor import Actor
from strongroom.platform.tenancy.models import Company
from strongroom.platform.tenancy.permissions import PLATFORM_VIEW


def operator_companies(actor: Actor) -> QuerySet[Company]:
    """Every company, for an actor holding ``platform.view``; otherwise none."""
    if not policy.allows(actor, PLATFORM_VIEW):
        return Company.objects.none()
    return Company.objects.order_by("name")
