"""What the header's search box finds in invoices: by number, notes or any part of the
customer's (encrypted) name."""

from __future__ import annotations

from django.urls import reverse

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads
from strongroom.records.invoices import selectors
from strongroom.records.invoices.permissions import INVOICE_VIEW
from strongroom.web.search import SHOWN, Found, Hit, Section, list_url, register


def invoices(actor: Actor, query: str) -> Found | None:
    if not policy.allows(actor, INVOICE_VIEW) or actor.company is None:
        return None
    slug = actor.company.slug
    found = list(selectors.invoices(actor, q=query)[: SHOWN + 1])
    shown = found[:SHOWN]
    note_reads(actor, shown, purpose="list")
    return Found(
        hits=[Hit(str(invoice), reverse("web:invoice_detail", kwargs={
            "slug": slug, "invoice_id": invoice.pk}), invoice.customer_name) for invoice in shown],
        more=len(found) > SHOWN,
        more_url=list_url("invoices", slug, query),
    )


register(Section("invoices", "Invoices", invoices, order=30))
