"""The dashboard card of expenses: your own claims that are not finished yet."""

from __future__ import annotations

from typing import Any

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads
from strongroom.records.expenses import selectors
from strongroom.records.expenses.models import ClaimStatus
from strongroom.records.expenses.permissions import EXPENSE_VIEW
from strongroom.web.dashboard import Card, register

OPEN = (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
SHOWN = 5


def open_claims(actor: Actor) -> dict[str, Any] | None:
    """The actor's own drafts, claims waiting for approval and approved claims waiting to be
    reimbursed (noted in the access log as a list)."""
    if not policy.allows(actor, EXPENSE_VIEW):
        return None
    claims = list(
        selectors.claims(actor, mine=True, sort="-created").filter(status__in=OPEN)[:SHOWN]
    )
    if not claims:
        return None
    note_reads(actor, claims, purpose="list")
    return {"claims": claims}


register(Card("expenses", "expenses/_dashboard_card.html", open_claims, order=40))
