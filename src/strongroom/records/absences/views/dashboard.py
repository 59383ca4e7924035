"""The dashboard card of absences: who is away today and this week, and your balances."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.records.absences import selectors
from strongroom.records.absences.models import AbsenceStatus
from strongroom.records.absences.permissions import ABSENCE_VIEW
from strongroom.web.dashboard import Card, register

SHOWN = 10


def away(actor: Actor) -> dict[str, Any] | None:
    """Approved absences from today to Sunday that the actor may see, and their own balances
    of this year for the types that keep one."""
    if not policy.allows(actor, ABSENCE_VIEW):
        return None
    today = timezone.localdate()
    sunday = today + dt.timedelta(days=6 - today.weekday())
    absences = list(selectors.absences(
        actor, status=AbsenceStatus.APPROVED, since=today, until=sunday, sort="start"
    )[:SHOWN])
    membership = actor.membership
    balances = (
        [b for b in selectors.balances(actor, membership, today.year) if b.remaining is not None]
        if membership is not None and membership.pk is not None
        else []
    )
    if not absences and not balances:
        return None
    return {
        "today": [a for a in absences if a.start_date <= today],
        "later": [a for a in absences if a.start_date > today],
        "balances": balances,
    }


register(Card("absences", "absences/_dashboard_card.html", away, order=20))
