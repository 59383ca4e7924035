"""Draft invoices: create, change and delete. Only a draft can change; drafts have no number,
so deleting one leaves no gap in the series."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history import tracking
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.retention.guard import ensure_deletable
from strongroom.platform.search import index as search
from strongroom.records.invoices import customers, issuer, validation
from strongroom.records.invoices.models import Invoice, InvoiceLine
from strongroom.records.invoices.permissions import INVOICE_MANAGE
from strongroom.records.invoices.steps import locked_draft, set_totals, write_lines
from strongroom.records.invoices.validation import LineInput


@action
def create_invoice(
    *,
    actor: Actor,
    customer_name: str = "",
    currency: str = "",
    customer_address: str = "",
    customer_org_number: str = "",
    customer_email: str = "",
    customer_reference: str = "",
    notes: str = "",
    payment_terms_days: int | None = None,
    lines: Sequence[LineInput] = (),
    customer_organisation: uuid.UUID | str | None = None,
) -> Invoice:
    """Start a draft invoice in the actor's company (currency defaults to the company's,
    payment terms to its invoice settings). With ``customer_organisation`` (a contacts
    organisation) the customer fields not given are filled from it."""
    company = actor.company
    if company is None:
        raise policy.NotFound()
    policy.require(actor, INVOICE_MANAGE, company)
    code = validation.currency(currency or company.currency)
    given = {
        "customer_name": customer_name,
        "customer_address": customer_address,
        "customer_org_number": customer_org_number,
        "customer_email": customer_email,
    }
    organisation_id = None
    if customer_organisation:
        found = customers.organisation(actor, customer_organisation)
        organisation_id = found.pk
        given = {**customers.details(found), **{k: v for k, v in given.items() if v}}
    if payment_terms_days is None:
        payment_terms_days = issuer.settings_for(company.pk).payment_terms_days
    fields = validation.header({
        **given,
        "customer_reference": customer_reference,
        "notes": notes,
        "payment_terms_days": payment_terms_days,
    })
    cleaned = validation.lines(lines, code)
    invoice = Invoice(company=company, currency=code, customer_organisation_id=organisation_id,
                      **fields)
    set_totals(invoice, cleaned)
    invoice.save(force_insert=True)
    search.index_record(invoice, created=True)
    record(actor=actor, event=AuditEventType.INVOICE_CREATED, obj=invoice, company_id=company.pk)
    write_lines(actor=actor, invoice=invoice, lines=cleaned)
    return invoice


@action
def update_invoice(
    *,
    actor: Actor,
    invoice: Invoice,
    currency: str | None = None,
    customer_name: str | None = None,
    customer_address: str | None = None,
    customer_org_number: str | None = None,
    customer_email: str | None = None,
    customer_reference: str | None = None,
    notes: str | None = None,
    payment_terms_days: int | None = None,
    lines: Sequence[LineInput] | None = None,
    customer_organisation: uuid.UUID | str | None = None,
) -> Invoice:
    """Change a draft: the fields given (None: unchanged) and, if given, all its lines.
    ``customer_organisation`` links a contacts organisation (its details fill the customer
    fields not given) or, as ``""``, unlinks it."""
    policy.require(actor, INVOICE_MANAGE, invoice)
    invoice = locked_draft(invoice)
    organisation_id = invoice.customer_organisation_id
    filled: dict[str, str] = {}
    if customer_organisation == "":
        organisation_id = None
    elif customer_organisation is not None:
        found = customers.organisation(actor, customer_organisation)
        if found.pk != organisation_id:
            filled = customers.details(found)
        organisation_id = found.pk
    given = {**filled, **{
        name: value
        for name, value in {
            "customer_name": customer_name,
            "customer_address": customer_address,
            "customer_org_number": customer_org_number,
            "customer_email": customer_email,
            "customer_reference": customer_reference,
            "notes": notes,
            "payment_terms_days": payment_terms_days,
        }.items()
        if value is not None and not (name in filled and value == "")
    }}
    fields = validation.header(given)
    code = validation.currency(currency) if currency is not None else invoice.currency
    if invoice.is_credit_note and code != invoice.currency:
        raise ValidationError({"currency": "A credit note has the currency of its invoice."})
    if lines is None:
        lines = [_as_input(line) for line in invoice.lines.all()]
    cleaned = validation.lines(lines, code)
    before = tracking.capture(invoice)
    named = invoice.customer_name
    for name, value in fields.items():
        setattr(invoice, name, value)
    invoice.currency = code
    invoice.customer_organisation_id = organisation_id
    write_lines(actor=actor, invoice=invoice, lines=cleaned)
    set_totals(invoice, cleaned)
    if tracking.capture(invoice) != before:
        invoice.save()
        if invoice.customer_name != named:
            search.index_record(invoice)
        record(actor=actor, event=AuditEventType.INVOICE_UPDATED, obj=invoice,
               company_id=invoice.company_id, before=before)
    return invoice


@action
def delete_invoice(*, actor: Actor, invoice: Invoice) -> None:
    """Delete a draft and its lines. Issued invoices are kept (P-D3): the refusal says until
    when; a held draft is refused too."""
    policy.require(actor, INVOICE_MANAGE, invoice)
    ensure_deletable(invoice)
    invoice = locked_draft(invoice)
    for line in invoice.lines.all():
        record(actor=actor, event=AuditEventType.INVOICE_LINE_REMOVED, obj=line,
               company_id=invoice.company_id, deleted=True)
    record(actor=actor, event=AuditEventType.INVOICE_DELETED, obj=invoice,
           company_id=invoice.company_id, deleted=True)
    search.unindex_record(invoice)
    invoice.delete()


def _as_input(line: InvoiceLine) -> LineInput:
    return LineInput(
        description=line.description, quantity=line.quantity, unit_price=line.unit_price,
        vat_rate=line.vat_rate, unit=line.unit,
    )
