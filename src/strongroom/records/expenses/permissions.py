"""Permissions of expenses. Every member claims their own expenses; approvers see the claims
they decide (rules.py); accountants see every claim and record reimbursement."""

from strongroom.platform.access.permissions import (
    ACCOUNTANT,
    ADMIN,
    EMPLOYEE,
    MANAGER,
    READ,
    WRITE,
    register,
)

EXPENSE_VIEW = register(
    "expense.view", "See own expense claims and those one approves", kind=READ,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE),
).name
EXPENSE_VIEW_ALL = register(
    "expense.view_all", "See every expense claim", kind=READ, roles=(ADMIN, ACCOUNTANT)
).name
EXPENSE_SUBMIT = register(
    "expense.submit", "Make and submit one's own expense claims", kind=WRITE,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE), seen_with="expense.view",
).name
EXPENSE_REIMBURSE = register(
    "expense.reimburse", "Record that approved claims were reimbursed", kind=WRITE,
    roles=(ACCOUNTANT,), seen_with="expense.view_all",
).name
EXPENSE_SETTINGS = register(
    "expense.settings", "Set the mileage rate", kind=WRITE, roles=(ADMIN, ACCOUNTANT),
    seen_with="expense.view_all",
).name
