"""The dashboard card of invoices: what customers owe, and how much of it is overdue."""

from __future__ import annotations

from typing import Any

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.records.invoices import selectors
from strongroom.records.invoices.permissions import INVOICE_VIEW
from strongroom.web.dashboard import Card, register


def owed(actor: Actor) -> dict[str, Any] | None:
    """Outstanding and overdue totals per currency, for those who see invoices."""
    if not policy.allows(actor, INVOICE_VIEW):
        return None
    totals = selectors.outstanding(actor)
    return {"totals": totals} if totals else None


register(Card("invoices", "invoices/_dashboard_card.html", owed, order=30))
