"""Expense claims: lines with receipts, mileage lines, and the company's rate per km.

A claim belongs to one member (the claimant) and is in the company's currency. A line may be
in another currency, with the exchange rate the claimant used; its amount in the claim's
currency is rounded half up. A mileage line is distance x the company's rate per km at the time
the line was added. The bank account to reimburse is personal data of the claimant, encrypted
under their key (``member:<membership id>``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db import models

from strongroom.platform.files.models import StoredFile
from strongroom.platform.keys.fields import EncryptedTextField
from strongroom.platform.tenancy.models import Membership, TenantRecord

DEFAULT_MILEAGE_RATE = Decimal("3.50")  # per km, in the company's currency


def _amount(**kwargs: Any) -> models.DecimalField:
    return models.DecimalField(max_digits=18, decimal_places=3, **kwargs)


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    REIMBURSED = "reimbursed", "Reimbursed"


class Category(models.TextChoices):
    TRAVEL = "travel", "Travel"
    LODGING = "lodging", "Lodging"
    MEALS = "meals", "Meals"
    TRANSPORT = "transport", "Local transport"
    OFFICE = "office", "Office supplies"
    SOFTWARE = "software", "Software and subscriptions"
    TRAINING = "training", "Training and books"
    OTHER = "other", "Other"
    MILEAGE = "mileage", "Mileage"


class ExpenseClaim(TenantRecord):
    """A member's claim for reimbursement: draft -> submitted -> approved/rejected ->
    reimbursed."""

    claimant = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices,
                              default=ClaimStatus.DRAFT)
    total = _amount(default=Decimal(0))
    vat_total = _amount(default=Decimal(0))
    bank_account = EncryptedTextField(blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reimbursed_on = models.DateField(null=True, blank=True)
    # Set at approval: the last day the claim, its lines and receipts must be kept (P-D3);
    # the database refuses to delete them before (dbguard.py).
    retained_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["company", "status"], name="expenses_company_status"),
            models.Index(fields=["company", "claimant"], name="expenses_company_claimant"),
        ]

    def __str__(self) -> str:
        return self.history_label()

    def encryption_subject(self) -> str:
        """The claimant's key encrypts their bank account."""
        return f"member:{self.claimant_id}"

    def history_label(self) -> str:
        return f"Expense claim {str(self.pk)[:8]}"

    @property
    def editable(self) -> bool:
        return self.status in (ClaimStatus.DRAFT, ClaimStatus.REJECTED)


class ExpenseLine(TenantRecord):
    """One expense (with its receipt) or one mileage trip of a claim."""

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    date = models.DateField()
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.CharField(max_length=300)
    currency = models.CharField(max_length=3)
    amount = _amount(help_text="Paid, VAT included, in the line's currency.")
    vat_amount = _amount(default=Decimal(0), help_text="VAT included in the amount.")
    exchange_rate = models.DecimalField(max_digits=14, decimal_places=6, default=Decimal(1))
    claim_amount = _amount(help_text="The amount in the claim's currency.")
    claim_vat_amount = _amount(default=Decimal(0))
    distance_km = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)
    rate_per_km = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    receipt = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["claim", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["claim", "position"], name="expenses_line_position"),
        ]

    def __str__(self) -> str:
        return self.history_label()

    def history_label(self) -> str:
        return f"Expense line {self.position} of {str(self.claim_id)[:8]}"

    @property
    def is_mileage(self) -> bool:
        return self.category == Category.MILEAGE


class ExpenseSettings(TenantRecord):
    """A company's expense settings: the mileage rate per km."""

    mileage_rate = models.DecimalField(max_digits=9, decimal_places=3,
                                       default=DEFAULT_MILEAGE_RATE)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["company"], name="expenses_settings_unique"),
        ]

    def __str__(self) -> str:
        return f"Expense settings of {self.company_id}"
