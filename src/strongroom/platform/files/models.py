"""A stored file: its metadata here, its bytes in the ``files`` storage (never a public URL)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from strongroom.platform.tenancy.models import TenantRecord


class StoredFile(TenantRecord):
    """One uploaded file of a company. Domain records (documents, receipts) point at it.

    ``name`` is the original name made safe; ``content_type`` is what the content was detected
    to be (never what the client claimed); ``storage_name`` is a random name in the storage,
    unrelated to the original name. ``encryption_subject`` names the person whose key encrypts
    the bytes (``"member:12"``), or is empty for the company's key.

    The bytes are sealed under a key of their own (platform/keys/filekeys.py): ``wrapped_key``
    holds it, wrapped under the data key ``wrapping_key_id`` / ``wrapping_key_version`` (the
    subject's, else the company's). ``size`` and ``sha256`` are those of the plain bytes.
    """

    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255, unique=True)
    encryption_subject = models.CharField(max_length=100, blank=True)
    wrapped_key = models.BinaryField(default=b"", blank=True)
    wrapping_key_id = models.BigIntegerField(null=True, blank=True)
    wrapping_key_version = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [models.Index(fields=["company", "created_at"])]

    def __str__(self) -> str:
        return self.name
