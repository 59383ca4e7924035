"""Writes of invoices: drafts, issuing, credit notes and payments."""

from strongroom.records.invoices.actions.drafts import (
    create_invoice,
    delete_invoice,
    update_invoice,
)
from strongroom.records.invoices.actions.lifecycle import (
    create_credit_note,
    issue_invoice,
    mark_invoice_paid,
)
from strongroom.records.invoices.actions.settings import set_invoice_settings

__all__ = [
    "create_credit_note",
    "create_invoice",
    "delete_invoice",
    "issue_invoice",
    "mark_invoice_paid",
    "set_invoice_settings",
    "update_invoice",
]
