"""Invoices for tests, made through the actions (so their history is complete)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.records.invoices import actions
from strongroom.records.invoices.models import Invoice
from strongroom.records.invoices.validation import LineInput
from tests.conftest import CompanyWorld


def line(
    description: str = "Consulting", quantity: str = "2", unit_price: str = "1000.00",
    vat_rate: str = "25", unit: str = "hours",
) -> LineInput:
    return LineInput(description, Decimal(quantity), Decimal(unit_price), Decimal(vat_rate), unit)


def draft(company: CompanyWorld, **fields: Any) -> Invoice:
    """A draft with one line (2 x 1000.00 at 25 %) unless ``lines`` is given."""
    fields.setdefault("customer_name", "Fjord Shipping AS")
    fields.setdefault("customer_address", "Strandkaien 4\n5013 Bergen")
    fields.setdefault("lines", [line()])
    return actions.create_invoice(actor=company.actor(perms.ACCOUNTANT), **fields)


def issued(company: CompanyWorld, **fields: Any) -> Invoice:
    """An issued invoice (see :func:`draft`)."""
    invoice = draft(company, **fields)
    return actions.issue_invoice(actor=company.actor(perms.ACCOUNTANT), invoice=invoice)
