"""Legal holds: a company-wide hold, or a hold on one record, that stops its deletion and
erasure until released (P-D3). Who placed and released it, when and why is kept on the row and
in the company's history."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from strongroom.platform.tenancy.models import TenantRecord

COMPANY_WIDE = ""  # record_type of a hold on the whole company


class LegalHold(TenantRecord):
    """A hold on the company (``record_type`` empty) or on one record (its model label and id).
    Active until ``released_at`` is set; a released hold is kept."""

    record_type = models.CharField(max_length=100, blank=True, default=COMPANY_WIDE)
    record_id = models.UUIDField(null=True, blank=True)
    record_label = models.CharField(max_length=200, blank=True, default="")
    reason = models.TextField()
    placed_by_name = models.CharField(max_length=200)
    placed_at = models.DateTimeField()
    released_by_name = models.CharField(max_length=200, blank=True, default="")
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering: ClassVar = ["-placed_at"]
        indexes: ClassVar = [
            models.Index(fields=["company", "record_type", "record_id"],
                         name="retention_hold_record"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(record_type="", record_id__isnull=True)
                | (~models.Q(record_type="") & models.Q(record_id__isnull=False)),
                name="retention_hold_scope",
            ),
        ]

    def __str__(self) -> str:
        return self.history_label()

    def history_label(self) -> str:
        return f"Legal hold on {self.covers}"

    @property
    def company_wide(self) -> bool:
        return self.record_type == COMPANY_WIDE

    @property
    def covers(self) -> str:
        return "the whole company" if self.company_wide else self.record_label

    @property
    def active(self) -> bool:
        return self.released_at is None
