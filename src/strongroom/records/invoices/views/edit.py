"""Invoice pages that write: drafts, issuing, payment and credit notes. Each calls an action
and shows its field errors on the form."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.records.invoices import actions, selectors
from strongroom.records.invoices.customers import choices as customer_choices
from strongroom.records.invoices.forms import (
    CreditNoteForm,
    InvoiceForm,
    LineFormSet,
    PaymentForm,
    line_inputs,
    show_errors,
)
from strongroom.records.invoices.models import Invoice
from strongroom.records.invoices.permissions import INVOICE_ISSUE, INVOICE_MANAGE
from strongroom.records.invoices.steps import IMMUTABLE
from strongroom.web.actor import company_view
from strongroom.web.refusals import refusal_shown

HEADER = (
    "customer_name", "customer_address", "customer_org_number", "customer_email",
    "customer_reference", "currency", "payment_terms_days", "notes",
)


def _detail(actor: CompanyActor, invoice: Invoice) -> HttpResponse:
    return redirect("web:invoice_detail", slug=actor.company.slug, invoice_id=invoice.pk)


def _draft_page(
    request: HttpRequest, actor: CompanyActor, invoice: Invoice | None, initial: dict[str, Any],
    lines: list[dict[str, Any]],
) -> HttpResponse:
    """The draft form: header fields and line rows; saving calls create or update."""
    organisations = customer_choices(actor)
    if request.method == "POST":
        form = InvoiceForm(request.POST, organisations=organisations)
        formset = LineFormSet(request.POST, prefix="lines")
        if form.is_valid() and formset.is_valid():
            data = {name: form.cleaned_data[name] for name in HEADER}
            chosen = form.cleaned_data["customer_organisation"]
            given, origins = line_inputs(formset)
            try:
                if invoice is None:
                    invoice = actions.create_invoice(
                        actor=actor, lines=given, customer_organisation=chosen or None, **data
                    )
                else:
                    invoice = actions.update_invoice(
                        actor=actor, invoice=invoice, lines=given,
                        customer_organisation=chosen, **data,
                    )
            except ValidationError as error:
                show_errors(form, formset, origins, error)
            else:
                messages.success(request, f"Saved {invoice.history_label().lower()}.")
                return _detail(actor, invoice)
    else:
        form = InvoiceForm(initial=initial, organisations=organisations)
        formset = LineFormSet(initial=lines, prefix="lines")
    return render(
        request, "invoices/form.html", {"form": form, "formset": formset, "invoice": invoice},
        status=422 if request.method == "POST" else 200,  # bad input: the form with its errors
    )


@company_view
def invoice_create(request: HttpRequest, actor: CompanyActor) -> HttpResponse:
    """A new draft invoice."""
    policy.require(actor, INVOICE_MANAGE, actor.company)
    initial = {"currency": actor.company.currency, "payment_terms_days": 14}
    return _draft_page(request, actor, None, initial, [])


@company_view
def invoice_edit(request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID) -> HttpResponse:
    """Change a draft (an issued invoice only shows why it cannot change)."""
    invoice = selectors.invoice(actor, invoice_id)
    policy.require(actor, INVOICE_MANAGE, invoice)
    if not invoice.is_draft:
        messages.error(request, IMMUTABLE)
        return _detail(actor, invoice)
    initial = {name: getattr(invoice, name) for name in HEADER}
    initial["customer_organisation"] = str(invoice.customer_organisation_id or "")
    lines = [
        {"description": x.description, "quantity": x.quantity, "unit": x.unit,
         "unit_price": x.unit_price, "vat_rate": x.vat_rate}
        for x in invoice.lines.all()
    ]
    return _draft_page(request, actor, invoice, initial, lines)


@require_POST
@company_view
def invoice_delete(
    request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID
) -> HttpResponse:
    """Delete a draft."""
    invoice = selectors.invoice(actor, invoice_id)
    with refusal_shown(request):
        actions.delete_invoice(actor=actor, invoice=invoice)
        messages.success(request, "The draft was deleted.")
        return redirect("web:invoices", slug=actor.company.slug)
    return _detail(actor, invoice)


@require_POST
@company_view
def invoice_issue(request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID) -> HttpResponse:
    """Issue a draft: it gets its number and can no longer change."""
    invoice = selectors.invoice(actor, invoice_id)
    with refusal_shown(request):
        issued = actions.issue_invoice(actor=actor, invoice=invoice)
        messages.success(request, f"Issued {issued.number}.")
    return _detail(actor, invoice)


@require_POST
@company_view
def invoice_pay(request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID) -> HttpResponse:
    """Record the payment of an issued invoice."""
    invoice = selectors.invoice(actor, invoice_id)
    policy.require(actor, INVOICE_ISSUE, invoice)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the payment date as YYYY-MM-DD.")
        return _detail(actor, invoice)
    with refusal_shown(request):
        paid = actions.mark_invoice_paid(
            actor=actor, invoice=invoice, paid_on=form.cleaned_data["paid_on"]
        )
        messages.success(request, f"Recorded the payment of {paid.number}.")
    return _detail(actor, invoice)


@company_view
def invoice_credit(
    request: HttpRequest, actor: CompanyActor, invoice_id: uuid.UUID
) -> HttpResponse:
    """Make a draft credit note for the whole of an issued invoice (its lines can then be
    edited before it is issued)."""
    invoice = selectors.invoice(actor, invoice_id)
    policy.require(actor, INVOICE_ISSUE, invoice)
    form = CreditNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request):
            note = actions.create_credit_note(
                actor=actor, invoice=invoice, notes=form.cleaned_data["notes"]
            )
            messages.success(request, "Draft credit note created: check its lines, then issue.")
            return _detail(actor, note)
    return render(request, "invoices/credit.html", {"invoice": invoice, "form": form})
