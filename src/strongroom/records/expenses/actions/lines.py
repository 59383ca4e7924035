"""Lines of a claim: an expense with its receipt, a mileage trip, removal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File

from strongroom.platform import money
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.files.steps import delete_file, store_file
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.retention.guard import ensure_deletable
from strongroom.records.expenses import validation
from strongroom.records.expenses.models import Category, ExpenseClaim, ExpenseLine
from strongroom.records.expenses.permissions import EXPENSE_SUBMIT
from strongroom.records.expenses.selectors import settings_for
from strongroom.records.expenses.steps import locked_editable, refresh_totals


def _next_position(claim: ExpenseClaim) -> int:
    last = claim.lines.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _store_receipt(actor: Actor, claim: ExpenseClaim, receipt: File[bytes]) -> object:
    return store_file(actor=actor, upload=receipt, permission=EXPENSE_SUBMIT, on=claim,
                      encryption_subject=claim.encryption_subject(), field="receipt")


@action
def add_expense_line(
    *,
    actor: Actor,
    claim: ExpenseClaim,
    date: dt.date,
    category: str,
    description: str,
    amount: Decimal,
    currency: str = "",
    vat_amount: Decimal = Decimal(0),
    exchange_rate: Decimal | None = None,
    receipt: File[bytes] | None = None,
) -> ExpenseLine:
    """Add an expense (VAT included in ``amount``) with its receipt, converted to the claim's
    currency at ``exchange_rate`` and rounded half up."""
    policy.require(actor, EXPENSE_SUBMIT, claim)
    claim = locked_editable(claim)
    code = validation.currency(currency or claim.currency)
    paid = validation.amount("amount", amount, code)
    vat = validation.amount("vat_amount", vat_amount, code, positive=False)
    if vat > paid:
        raise ValidationError({"vat_amount": "The VAT cannot be more than the amount."})
    rate = validation.exchange_rate(exchange_rate, code, claim.currency)
    line = ExpenseLine(
        company_id=claim.company_id, claim=claim, position=_next_position(claim),
        date=validation.line_date(date), category=validation.category(category),
        description=validation.text("description", description, 300), currency=code,
        amount=paid, vat_amount=vat, exchange_rate=rate,
        claim_amount=validation.converted(money.quantize(paid * rate, claim.currency),
                                          claim.currency),
        claim_vat_amount=money.quantize(vat * rate, claim.currency),
    )
    if receipt is not None:
        line.receipt = _store_receipt(actor, claim, receipt)  # type: ignore[assignment]
    line.save(force_insert=True)
    record(actor=actor, event=AuditEventType.EXPENSE_LINE_ADDED, obj=line,
           company_id=claim.company_id)
    refresh_totals(actor, claim)
    return line


@action
def add_mileage_line(
    *, actor: Actor, claim: ExpenseClaim, date: dt.date, description: str, distance_km: Decimal
) -> ExpenseLine:
    """Add a trip: distance x the company's current rate per km (no VAT, no receipt)."""
    policy.require(actor, EXPENSE_SUBMIT, claim)
    claim = locked_editable(claim)
    distance = validation.distance(distance_km)
    rate = settings_for(claim.company_id).mileage_rate
    value = money.quantize(distance * rate, claim.currency)
    line = ExpenseLine.objects.create(
        company_id=claim.company_id, claim=claim, position=_next_position(claim),
        date=validation.line_date(date), category=Category.MILEAGE,
        description=validation.text("description", description, 300),
        currency=claim.currency, amount=value, exchange_rate=Decimal(1), claim_amount=value,
        distance_km=distance, rate_per_km=rate,
    )
    record(actor=actor, event=AuditEventType.EXPENSE_LINE_ADDED, obj=line,
           company_id=claim.company_id)
    refresh_totals(actor, claim)
    return line


@action
def remove_expense_line(*, actor: Actor, line: ExpenseLine) -> None:
    """Remove a line (and its receipt) from a draft or rejected claim."""
    claim = line.claim
    policy.require(actor, EXPENSE_SUBMIT, claim)
    claim = locked_editable(claim)
    ensure_deletable(line)
    receipt = line.receipt
    record(actor=actor, event=AuditEventType.EXPENSE_LINE_REMOVED, obj=line,
           company_id=claim.company_id, deleted=True)
    line.delete()
    if receipt is not None:
        delete_file(actor=actor, stored=receipt, permission=EXPENSE_SUBMIT, on=claim)
    refresh_totals(actor, claim)
