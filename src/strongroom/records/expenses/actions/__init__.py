"""Writes of expenses: claims, their lines and receipts, submission and reimbursement."""

from strongroom.records.expenses.actions.claims import (
    create_claim,
    delete_claim,
    mark_claim_reimbursed,
    set_mileage_rate,
    submit_claim,
    update_claim,
)
from strongroom.records.expenses.actions.lines import (
    add_expense_line,
    add_mileage_line,
    remove_expense_line,
)

__all__ = [
    "add_expense_line",
    "add_mileage_line",
    "create_claim",
    "delete_claim",
    "mark_claim_reimbursed",
    "remove_expense_line",
    "set_mileage_rate",
    "submit_claim",
    "update_claim",
]
