"""What the header's search box finds in expenses: claims by title, those the actor may see."""

from __future__ import annotations

from django.urls import reverse

from strongroom.records.expenses import selectors
from strongroom.records.expenses.permissions import EXPENSE_VIEW
from strongroom.web.search import Hit, Section, register

register(Section(
    name="expenses", title="Expense claims", order=50, permission=EXPENSE_VIEW,
    list_name="expenses", rows=lambda actor, q: selectors.claims(actor, q=q),
    hit=lambda claim, slug: Hit(claim.title, reverse("web:expense_detail", kwargs={
        "slug": slug, "claim_id": claim.pk}), claim.get_status_display()),
))
