"""Invoice pages that read: the list, one invoice, and its printable HTML and PDF forms."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from strongroom.platform import money
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.display import history_tab
from strongroom.platform.history.read_log import note_read
from strongroom.records.invoices import issuer, pdf, selectors
from strongroom.records.invoices.forms import InvoiceFilterForm, PaymentForm
from strongroom.records.invoices.permissions import INVOICE_ISSUE, INVOICE_MANAGE, INVOICE_VIEW
from strongroom.web.actor import company_view
from strongroom.web.list_export import export_format, list_download

PER_PAGE = 50
INVOICE_COLUMNS = (
    ("Number", lambda i: i.number), ("Kind", lambda i: i.get_kind_display()),
    ("Status", lambda i: i.get_status_display()), ("Overdue", lambda i: i.is_overdue),
    ("Customer", lambda i: i.customer_name), ("Currency", lambda i: i.currency),
    ("Net", lambda i: money.quantize(i.net_total, i.currency)),
    ("VAT", lambda i: money.quantize(i.vat_total, i.currency)),
    ("Total", lambda i: money.quantize(i.gross_total, i.currency)),
    ("Credited", lambda i: money.quantize(i.credited_total, i.currency)),
    ("Issued", lambda i: i.issue_date), ("Due", lambda i: i.due_date),
    ("Paid", lambda i: i.paid_on), ("Id", lambda i: i.pk),
)


@company_view
def invoice_list(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    """Invoices and credit notes, filtered, sorted and paginated."""
    policy.require(actor, INVOICE_VIEW)
    form = InvoiceFilterForm(request.GET or None)
    found = selectors.invoices(actor, **form.filters())
    if kind := export_format(request):
        return list_download(actor, kind, name="invoices", columns=INVOICE_COLUMNS, rows=found)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    for invoice in page.object_list:
        note_read(actor, invoice, purpose="list")
    return render(request, "invoices/list.html", {
        "form": form,
        "page": page,
        "filtered": bool(form.filters()),
        "can_create": policy.allows(actor, INVOICE_MANAGE),
        "outstanding": selectors.outstanding(actor),
        "list_export": True,
    })


def invoice_context(actor: Actor, invoice_id: uuid.UUID, purpose: str) -> dict[str, object]:
    """What the detail and print pages show about one invoice."""
    invoice = selectors.invoice(actor, invoice_id)
    note_read(actor, invoice, purpose=purpose)
    return {
        "invoice": invoice,
        "lines": list(invoice.lines.all()),
        "credit_notes": list(invoice.credit_notes.all()),
        "summary": selectors.summary(invoice),
        "seller": issuer.seller_of(invoice),
    }


@company_view
def invoice_detail(request: HttpRequest, actor: Actor, invoice_id: uuid.UUID) -> HttpResponse:
    """One invoice: customer, lines, totals per VAT rate, credit notes and what can be done."""
    context = invoice_context(actor, invoice_id, "view")
    invoice = context["invoice"]
    context.update(
        can_manage=policy.allows(actor, INVOICE_MANAGE, invoice),  # type: ignore[arg-type]
        can_issue=policy.allows(actor, INVOICE_ISSUE, invoice),  # type: ignore[arg-type]
        payment_form=PaymentForm(),
        **history_tab(actor, invoice, permission=INVOICE_VIEW),  # type: ignore[arg-type]
    )
    return render(request, "invoices/detail.html", context)


@company_view
def invoice_print(request: HttpRequest, actor: Actor, invoice_id: uuid.UUID) -> HttpResponse:
    """The invoice as a printable page (the browser prints it or saves it as PDF)."""
    context = invoice_context(actor, invoice_id, "view")
    return render(request, "invoices/print.html", context)


@company_view
def invoice_pdf(request: HttpRequest, actor: Actor, invoice_id: uuid.UUID) -> HttpResponse:
    """The invoice as a PDF file, downloaded."""
    invoice = selectors.invoice(actor, invoice_id)
    note_read(actor, invoice, purpose="download")
    return pdf.response(invoice)
