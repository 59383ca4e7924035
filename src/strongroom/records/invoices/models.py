"""Invoices, credit notes and their lines; the per-company number series (P-D3).

An invoice is a draft until it is issued. Issuing gives it the next number of its company's
series, its issue date, due date and fiscal year end, and freezes it: from then on only its
payment status may change. The database refuses any other change (see ``dbguard.py``), so not
even a bug in this application can alter an issued invoice. Corrections are credit notes: an
invoice of kind ``credit_note`` that references the invoice it corrects.

Customer details are copied onto the invoice (a snapshot) and stored encrypted under the
company's key (``personal=False``): the invoice is kept for the statutory period even when the
customer's own contact record is erased (P-D6).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db import models

from strongroom.platform.keys.fields import EncryptedTextField
from strongroom.platform.tenancy.models import Company, TenantRecord


def _amount(**kwargs: Any) -> models.DecimalField:
    """A money column: up to 3 minor units (ISO 4217), never a float."""
    return models.DecimalField(max_digits=18, decimal_places=3, **kwargs)


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    CREDIT_NOTE = "credit_note", "Credit note"


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    PAID = "paid", "Paid"


class Invoice(TenantRecord):
    """An invoice or credit note: a draft, or issued and immutable."""

    kind = models.CharField(max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE)
    status = models.CharField(
        max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    credited_invoice = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    # Number series: one per company and fiscal year, gap-free (numbering.py).
    number = models.CharField(max_length=32, blank=True, default="")
    series_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3)
    # The customer, as copied onto the invoice; encrypted under the company key.
    customer_name = EncryptedTextField(personal=False)
    customer_address = EncryptedTextField(personal=False, blank=True, default="")
    customer_org_number = EncryptedTextField(personal=False, blank=True, default="")
    customer_email = EncryptedTextField(personal=False, blank=True, default="")
    customer_reference = EncryptedTextField(personal=False, blank=True, default="")
    # The contacts organisation the customer details come from: a reference, not a foreign
    # key, so that deleting the organisation is not blocked by the invoices kept for it.
    customer_organisation_id = models.UUIDField(null=True, blank=True)
    # The issuing company's details, copied from its invoice settings at issue.
    seller_name = models.CharField(max_length=200, blank=True, default="")
    seller_org_number = models.CharField(max_length=40, blank=True, default="")
    seller_vat_id = models.CharField(max_length=40, blank=True, default="")
    seller_address = models.TextField(blank=True, default="")
    seller_bank_account = EncryptedTextField(personal=False, blank=True, default="")
    notes = models.TextField(blank=True, default="")
    payment_terms_days = models.PositiveSmallIntegerField(default=14)
    # Totals of the lines, kept by the actions that change lines.
    net_total = _amount(default=Decimal(0))
    vat_total = _amount(default=Decimal(0))
    gross_total = _amount(default=Decimal(0))
    # Set when issued; issue date and fiscal year end start the retention period (P-D3).
    issue_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    fiscal_year_end = models.DateField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["company", "status"], name="invoices_company_status"),
            models.Index(fields=["company", "-issue_date"], name="invoices_company_issued"),
            models.Index(fields=["company", "customer_organisation_id"],
                         name="invoices_company_customer"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["company", "series_year", "sequence"], name="invoices_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["company", "number"],
                condition=~models.Q(number=""),
                name="invoices_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", number="")
                | (
                    ~models.Q(status="draft")
                    & ~models.Q(number="")
                    & models.Q(issue_date__isnull=False, sequence__isnull=False)
                ),
                name="invoices_issued_have_numbers",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="invoice", credited_invoice__isnull=True)
                | models.Q(kind="credit_note", credited_invoice__isnull=False),
                name="invoices_credit_notes_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.history_label()

    def history_label(self) -> str:
        """Names the record without the customer's details."""
        name = self.get_kind_display()
        return f"{name} {self.number}" if self.number else f"{name} draft {str(self.pk)[:8]}"

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE


class InvoiceLine(TenantRecord):
    """One line: quantity x unit price, with its VAT rate; amounts rounded half up."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.TextField()
    quantity = models.DecimalField(max_digits=15, decimal_places=3)
    unit = models.CharField(max_length=20, blank=True, default="")
    unit_price = _amount()
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    net_amount = _amount()
    vat_amount = _amount()

    class Meta:
        ordering: ClassVar = ["invoice", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoices_line_position"),
        ]

    def __str__(self) -> str:
        return self.history_label()

    def history_label(self) -> str:
        return f"Invoice line {self.position} of {str(self.invoice_id)[:8]}"

    @property
    def gross_amount(self) -> Decimal:
        return self.net_amount + self.vat_amount


class InvoiceCounter(models.Model):
    """The last number given in a company's series for one fiscal year (locked to issue)."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    series_year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["company", "series_year"], name="invoices_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_id}/{self.series_year}: {self.last_sequence}"


class InvoiceSettings(TenantRecord):
    """The issuing company's details printed on its invoices, and its default payment terms.
    Copied onto each invoice as it is issued; changing them never changes an issued invoice."""

    legal_name = models.CharField(max_length=200, blank=True, default="")
    organisation_number = models.CharField(max_length=40, blank=True, default="")
    vat_id = models.CharField("VAT id", max_length=40, blank=True, default="")
    address = models.TextField(blank=True, default="")
    # Confidential: under the company's data key.
    iban = EncryptedTextField("IBAN", personal=False, blank=True, default="")
    bic = models.CharField("BIC", max_length=11, blank=True, default="")
    account_number = EncryptedTextField(personal=False, blank=True, default="")
    payment_terms_days = models.PositiveSmallIntegerField(default=14)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["company"], name="invoices_settings_unique"),
        ]

    def __str__(self) -> str:
        return self.history_label()

    def history_label(self) -> str:
        return "Invoice settings"

    def bank_account(self) -> str:
        """How the invoice names the account to pay to."""
        if self.iban:
            return f"IBAN {self.iban}" + (f", BIC {self.bic}" if self.bic else "")
        return self.account_number
