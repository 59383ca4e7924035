"""The same table shape as Strongroom's organisations, contact persons and invoices, in plain
columns (Strongroom encrypts a person's fields and keeps blind indexes for the exact searches)."""

from __future__ import annotations

import uuid
from typing import ClassVar, Self

from django.db import models


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2)
    city = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Self]] = models.Manager()

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    organisation_id: uuid.UUID
    name = models.TextField()
    job_title = models.TextField(blank=True)
    email = models.TextField(blank=True, db_index=True)
    phone = models.TextField(blank=True)
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[Self]] = models.Manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return self.name


class Invoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    customer_organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.PROTECT, related_name="+"
    )
    customer_organisation_id: uuid.UUID | None
    customer_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, default="invoice")
    status = models.CharField(max_length=20, default="draft")
    number = models.CharField(max_length=32, blank=True)
    currency = models.CharField(max_length=3)
    notes = models.TextField(blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(default=14)
    net_total = models.DecimalField(max_digits=18, decimal_places=3, default=0)
    vat_total = models.DecimalField(max_digits=18, decimal_places=3, default=0)
    gross_total = models.DecimalField(max_digits=18, decimal_places=3, default=0)
    issue_date = models.DateField(null=True)
    due_date = models.DateField(null=True)
    paid_on = models.DateField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Self]] = models.Manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return self.number
