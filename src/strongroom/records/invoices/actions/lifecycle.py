"""Issuing, crediting and recording payment: draft -> issued -> paid (P-D3)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from strongroom.platform import money
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history import tracking
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.search import index as search
from strongroom.records.invoices import customers, issuer, numbering, validation
from strongroom.records.invoices.models import Invoice, InvoiceKind, InvoiceStatus
from strongroom.records.invoices.permissions import INVOICE_ISSUE
from strongroom.records.invoices.steps import amounts_of, locked_draft, set_totals, write_lines
from strongroom.records.invoices.validation import LineInput

SETTLED = (InvoiceStatus.ISSUED, InvoiceStatus.PAID)


@action
def issue_invoice(
    *, actor: Actor, invoice: Invoice, issue_date: dt.date | None = None
) -> Invoice:
    """Give a draft the next number of its series and freeze it. ``issue_date`` (default
    today) may be earlier, but never before the latest issue date in its series, so that
    numbers and dates keep the same order."""
    policy.require(actor, INVOICE_ISSUE, invoice)
    invoice = locked_draft(invoice)
    if not invoice.lines.exists():
        raise ValidationError({"lines": "Add at least one line before issuing."})
    if invoice.is_credit_note:
        assert invoice.credited_invoice_id is not None  # noqa: S101 - a constraint says so
        _check_creditable(invoice.credited_invoice_id, invoice.gross_total, locked=True)
    company = invoice.company
    today = issue_date or timezone.localdate()
    if today > timezone.localdate():
        raise ValidationError({"issue_date": "The issue date cannot be in the future."})
    year_end = numbering.fiscal_year_end(company, today)
    sequence = numbering.next_sequence(company, year_end.year)
    latest = numbering.latest_issue_date(company, year_end.year)
    if latest is not None and today < latest:
        raise ValidationError({"issue_date": (
            f"Invoice {numbering.format_number(year_end.year, sequence - 1)} was issued on "
            f"{latest.isoformat()}: a later number cannot have an earlier date."
        )})
    before = tracking.capture(invoice)
    for name, value in {**customers.snapshot(invoice), **issuer.snapshot(invoice)}.items():
        setattr(invoice, name, value)
    invoice.status = InvoiceStatus.ISSUED
    invoice.series_year, invoice.sequence = year_end.year, sequence
    invoice.number = numbering.format_number(year_end.year, sequence)
    invoice.issue_date, invoice.fiscal_year_end = today, year_end
    invoice.due_date = today + dt.timedelta(days=invoice.payment_terms_days)
    invoice.issued_at = timezone.now()
    invoice.save()
    record(actor=actor, event=AuditEventType.INVOICE_ISSUED, obj=invoice,
           company_id=invoice.company_id, before=before)
    return invoice


@action
def mark_invoice_paid(*, actor: Actor, invoice: Invoice, paid_on: dt.date) -> Invoice:
    """Record that an issued invoice (or a credit note's refund) was settled on ``paid_on``."""
    policy.require(actor, INVOICE_ISSUE, invoice)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != InvoiceStatus.ISSUED:
        message = "Only an issued, unpaid invoice can be marked paid."
        raise ValidationError({"status": message})
    assert invoice.issue_date is not None  # noqa: S101 - issued invoices have one (a constraint)
    if paid_on < invoice.issue_date:
        raise ValidationError({"paid_on": "The payment date cannot be before the issue date."})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "The payment date cannot be in the future."})
    before = tracking.capture(invoice)
    invoice.status, invoice.paid_on = InvoiceStatus.PAID, paid_on
    invoice.save(update_fields=["status", "paid_on"])
    record(actor=actor, event=AuditEventType.INVOICE_PAID, obj=invoice,
           company_id=invoice.company_id, before=before)
    return invoice


@action
def create_credit_note(
    *,
    actor: Actor,
    invoice: Invoice,
    lines: Sequence[LineInput] | None = None,
    notes: str = "",
) -> Invoice:
    """A draft credit note against an issued invoice: all its lines unless ``lines`` says
    otherwise. It is issued (and numbered) like an invoice."""
    policy.require(actor, INVOICE_ISSUE, invoice)
    if invoice.is_credit_note:
        raise ValidationError({"invoice": "A credit note cannot itself be credited."})
    if invoice.status not in SETTLED:
        raise ValidationError({"invoice": "Only an issued invoice can be credited."})
    if lines is None:
        lines = [
            LineInput(x.description, x.quantity, x.unit_price, x.vat_rate, x.unit)
            for x in invoice.lines.all()
        ]
    cleaned = validation.lines(lines, invoice.currency)
    if not cleaned:
        raise ValidationError({"lines": "A credit note needs at least one line."})
    gross = sum((a.gross for a in amounts_of(cleaned, invoice.currency)), Decimal(0))
    _check_creditable(invoice.pk, gross, locked=False)
    fields = validation.header({"notes": notes or f"Credits invoice {invoice.number}."})
    note = Invoice(
        company_id=invoice.company_id,
        kind=InvoiceKind.CREDIT_NOTE,
        credited_invoice=invoice,
        currency=invoice.currency,
        customer_name=invoice.customer_name,
        customer_address=invoice.customer_address,
        customer_org_number=invoice.customer_org_number,
        customer_email=invoice.customer_email,
        customer_reference=invoice.customer_reference,
        customer_organisation_id=invoice.customer_organisation_id,
        payment_terms_days=0,
        notes=str(fields["notes"]),
    )
    set_totals(note, cleaned)
    note.save(force_insert=True)
    search.index_record(note, created=True)
    record(actor=actor, event=AuditEventType.CREDIT_NOTE_CREATED, obj=note,
           company_id=note.company_id, extra={"credits": invoice.number})
    write_lines(actor=actor, invoice=note, lines=cleaned)
    return note


def _check_creditable(invoice_id: uuid.UUID, amount: Decimal, *, locked: bool) -> None:
    """Refuse a credit that would take more than the invoice's total minus issued credits."""
    queryset = Invoice.objects.select_for_update() if locked else Invoice.objects.all()
    original = queryset.get(pk=invoice_id)
    credited = Invoice.objects.filter(
        credited_invoice_id=original.pk, status__in=SETTLED
    ).aggregate(total=Sum("gross_total"))["total"] or Decimal(0)
    remaining = original.gross_total - credited
    if amount > remaining:
        left = money.format_amount(max(remaining, Decimal(0)), original.currency)
        raise ValidationError({
            "lines": f"This credits more than remains of invoice {original.number}: "
                     f"at most {original.currency} {left}."
        })
