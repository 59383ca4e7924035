"""Reads of legal holds, scoped to the actor's company."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.retention.models import LegalHold
from strongroom.platform.retention.permissions import LEGAL_HOLD_VIEW


def legal_holds(actor: Actor) -> QuerySet[LegalHold]:
    """The company's holds, active and released, newest first; none for whoever may not see
    them."""
    if actor.company is None or not policy.allows(actor, LEGAL_HOLD_VIEW, actor.company):
        return LegalHold.objects.none()
    return LegalHold.objects.filter(company=actor.company).order_by("-placed_at")


def legal_hold(actor: Actor, hold_id: uuid.UUID) -> LegalHold:
    """One hold of the actor's company; another company's is not found."""
    hold = legal_holds(actor).filter(pk=hold_id).first()
    if hold is None:
        raise policy.NotFound()
    return hold
