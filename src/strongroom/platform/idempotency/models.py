"""The answer to one API write, kept under the key its client sent."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models

from strongroom.platform.keys.fields import EncryptedTextField
from strongroom.platform.tenancy.models import Company


class IdempotentWrite(models.Model):
    """One ``Idempotency-Key`` of one credential in one company, and the answer it got.

    ``fingerprint`` is a SHA-256 of the method, path and body, so the same key with another
    request is told apart. Until the write's transaction commits the row is invisible to other
    requests; it is written in that same transaction, so a write and its kept answer commit or
    roll back together. The answer's body may hold the company's data: it is encrypted under
    the company's key, and withdrawn (emptied, ``withdrawn``) when a person is erased there.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    credential = models.CharField(max_length=64)  # "key:<id>" or "user:<id>"
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    status = models.PositiveSmallIntegerField(null=True)  # None until the answer is kept
    content_type = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=500, blank=True)
    body = EncryptedTextField(personal=False, blank=True, default="")
    withdrawn = models.BooleanField(default=False)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["company", "credential", "key"], name="idempotency_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credential} {self.key}"
