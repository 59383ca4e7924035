"""Documents: files attached to the company or to one of its records, with versions (P-D4)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from strongroom.platform.files.models import StoredFile
from strongroom.platform.tenancy.models import TenantRecord


class Document(TenantRecord):
    """A titled document. ``target_type`` and ``target_id`` name the record it is attached to
    (a registered record type, see targets.py); both empty means the company itself.
    ``current_file`` is the newest version's file, kept here so lists need no extra query."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.UUIDField(null=True, blank=True)
    current_file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-updated_at"]
        indexes: ClassVar = [
            models.Index(fields=["company", "target_type", "target_id"]),
            models.Index(fields=["company", "updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(TenantRecord):
    """One uploaded version of a document; numbered from 1, never renumbered."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["document", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["document", "number"], name="documents_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
