"""Permissions of invoices: see them, prepare drafts, and issue (which includes crediting and
recording payment). Accountants hold all three; owners hold every permission, auditors every
read."""

from strongroom.platform.access.permissions import ACCOUNTANT, READ, WRITE, register

INVOICE_VIEW = register(
    "invoice.view", "See invoices and credit notes", kind=READ, roles=(ACCOUNTANT,)
).name
INVOICE_MANAGE = register(
    "invoice.manage", "Create, change and delete draft invoices", kind=WRITE,
    roles=(ACCOUNTANT,), seen_with="invoice.view",
).name
INVOICE_ISSUE = register(
    "invoice.issue", "Issue invoices, make credit notes and record payments", kind=WRITE,
    roles=(ACCOUNTANT,), seen_with="invoice.view",
).name
