"""What the header's search box finds in expenses: claims by title, those the actor may see."""

from __future__ import annotations

from django.urls import reverse

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads
from strongroom.records.expenses import selectors
from strongroom.records.expenses.permissions import EXPENSE_VIEW
from strongroom.web.search import SHOWN, Found, Hit, Section, list_url, register


def claims(actor: Actor, query: str) -> Found | None:
    if not policy.allows(actor, EXPENSE_VIEW) or actor.company is None:
        return None
    slug = actor.company.slug
    found = list(selectors.claims(actor, q=query)[: SHOWN + 1])
    shown = found[:SHOWN]
    note_reads(actor, shown, purpose="list")
    return Found(
        hits=[Hit(claim.title, reverse("web:expense_detail", kwargs={
            "slug": slug, "claim_id": claim.pk}), claim.get_status_display()) for claim in shown],
        more=len(found) > SHOWN,
        more_url=list_url("expenses", slug, query),
    )


register(Section("expenses", "Expense claims", claims, order=50))
