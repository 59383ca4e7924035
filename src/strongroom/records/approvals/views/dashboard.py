"""The dashboard card of approvals, and the inbox's badge: the requests waiting for your
decision."""

from __future__ import annotations

from typing import Any

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.records.approvals import selectors
from strongroom.records.approvals.permissions import APPROVAL_VIEW
from strongroom.web.dashboard import Card, register, register_badge

SHOWN = 5


def waiting(actor: Actor) -> dict[str, Any] | None:
    """How many requests wait for the actor, and the oldest few (as the inbox shows them)."""
    if not policy.allows(actor, APPROVAL_VIEW):
        return None
    steps = selectors.inbox(actor)
    count = steps.count()
    if not count:
        return None
    first = list(steps[:SHOWN])
    approvals = selectors.attach_records(step.request for step in first)
    return {"count": count, "items": list(zip(first, approvals, strict=True))}


def waiting_count(actor: Actor) -> int:
    """The navigation badge of the approvals inbox."""
    return selectors.inbox(actor).count() if policy.allows(actor, APPROVAL_VIEW) else 0


register(Card(
    "approvals", "approvals/_dashboard_card.html", waiting, order=10, badge="web:approval_inbox"
))
register_badge("web:approval_inbox", waiting_count)
