"""Absences: company-defined types, requests of full and half days, yearly entitlements."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from strongroom.platform.keys.fields import EncryptedTextField
from strongroom.platform.tenancy.models import Membership, TenantRecord


class Category(models.TextChoices):
    VACATION = "vacation", "Vacation"
    SICK = "sick", "Sick leave"
    PARENTAL = "parental", "Parental leave"
    UNPAID = "unpaid", "Unpaid leave"
    OTHER = "other", "Other"


class AbsenceType(TenantRecord):
    """A kind of absence a company offers, e.g. "Vacation" with 25 days a year."""

    name = models.CharField(max_length=80)
    category = models.CharField(max_length=20, choices=Category.choices)
    needs_approval = models.BooleanField(default=True)
    yearly_entitlement = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True,
        help_text="Working days a year each member may take; empty: no balance is kept.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["company", "name"], name="absences_type_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class AbsenceStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CANCELLED = "cancelled", "Cancelled"


ACTIVE_STATUSES = (AbsenceStatus.PENDING, AbsenceStatus.APPROVED)


class Absence(TenantRecord):
    """A member's absence from ``start_date`` to ``end_date`` (inclusive).

    ``start_half``: the first day counts half (from midday); ``end_half``: the last day counts
    half (until midday). A one-day absence with either flag is half a day.
    """

    member = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    absence_type = models.ForeignKey(AbsenceType, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField()
    start_half = models.BooleanField(default=False)
    end_half = models.BooleanField(default=False)
    days = models.DecimalField(max_digits=6, decimal_places=1)
    status = models.CharField(max_length=20, choices=AbsenceStatus.choices)
    note = EncryptedTextField(blank=True)
    requested_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-start_date", "-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["company", "member", "start_date"], name="absences_member_start"),
        ]

    def __str__(self) -> str:
        return self.history_label()

    def history_label(self) -> str:
        return f"Absence {str(self.pk)[:8]}"

    def encryption_subject(self) -> str:
        """Notes (a sick-leave note) are the member's personal data."""
        return f"member:{self.member_id}"

    @property
    def is_open(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Entitlement(TenantRecord):
    """A member's own yearly entitlement for a type, replacing the type's default."""

    member = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    absence_type = models.ForeignKey(AbsenceType, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    days = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        ordering: ClassVar = ["-year"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member", "absence_type", "year"], name="absences_entitlement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Entitlement {self.year}"
