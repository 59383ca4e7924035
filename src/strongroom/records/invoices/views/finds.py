"""What the header's search box finds in invoices: by number, notes or any part of the
customer's (encrypted) name."""

from __future__ import annotations

from django.urls import reverse

from strongroom.records.invoices import selectors
from strongroom.records.invoices.permissions import INVOICE_VIEW
from strongroom.web.search import Hit, Section, register

register(Section(
    name="invoices", title="Invoices", order=30, permission=INVOICE_VIEW,
    list_name="invoices", rows=lambda actor, q: selectors.invoices(actor, q=q),
    hit=lambda invoice, slug: Hit(str(invoice), reverse("web:invoice_detail", kwargs={
        "slug": slug, "invoice_id": invoice.pk}), invoice.customer_name),
))
