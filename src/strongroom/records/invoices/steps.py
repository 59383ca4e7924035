"""Steps of invoices' actions: each runs inside the calling action's transaction and checks no
policy; the action that calls it has. A draft locked for a change, and its lines and totals
written."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError

from strongroom.platform import money
from strongroom.platform.access.actor import Actor
from strongroom.platform.history import tracking
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.records.invoices.models import Invoice, InvoiceLine
from strongroom.records.invoices.validation import LineInput

IMMUTABLE = "This invoice is issued and can no longer change; correct it with a credit note."


def locked_draft(invoice: Invoice) -> Invoice:
    """The invoice re-read under a row lock; ValidationError unless it is still a draft."""
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not locked.is_draft:
        raise ValidationError({"status": IMMUTABLE})
    return locked


def amounts_of(lines: Sequence[LineInput], currency: str) -> list[money.LineAmounts]:
    """The amounts of each of ``lines`` in ``currency``."""
    return [money.line_amounts(x.quantity, x.unit_price, x.vat_rate, currency) for x in lines]


def set_totals(invoice: Invoice, lines: Sequence[LineInput]) -> None:
    """Put the totals of ``lines`` on ``invoice`` (not saved)."""
    amounts = amounts_of(lines, invoice.currency)
    totals = money.totals(
        ((line.vat_rate, amount) for line, amount in zip(lines, amounts, strict=True)),
        invoice.currency,
    )
    invoice.net_total, invoice.vat_total, invoice.gross_total = (
        totals.net, totals.vat, totals.gross
    )


def write_lines(*, actor: Actor, invoice: Invoice, lines: Sequence[LineInput]) -> None:
    """Make the draft's lines equal ``lines``, position by position, recording each change."""
    existing = {line.position: line for line in invoice.lines.all()}
    amounts = amounts_of(lines, invoice.currency)
    for position, (given, amount) in enumerate(zip(lines, amounts, strict=True), start=1):
        values = {
            "description": given.description,
            "quantity": given.quantity,
            "unit": given.unit,
            "unit_price": given.unit_price,
            "vat_rate": given.vat_rate,
            "net_amount": amount.net,
            "vat_amount": amount.vat,
        }
        line = existing.pop(position, None)
        if line is None:
            line = InvoiceLine.objects.create(
                company_id=invoice.company_id, invoice=invoice, position=position, **values
            )
            record(actor=actor, event=AuditEventType.INVOICE_LINE_ADDED, obj=line,
                   company_id=invoice.company_id)
            continue
        before = tracking.capture(line)
        for name, value in values.items():
            setattr(line, name, value)
        if tracking.capture(line) != before:
            line.save()
            record(actor=actor, event=AuditEventType.INVOICE_LINE_CHANGED, obj=line,
                   company_id=invoice.company_id, before=before)
    for line in sorted(existing.values(), key=lambda item: item.position):
        record(actor=actor, event=AuditEventType.INVOICE_LINE_REMOVED, obj=line,
               company_id=invoice.company_id, deleted=True)
        line.delete()
