"""A contact-like record with personal and confidential encrypted fields."""

from __future__ import annotations

from django.db import models

from strongroom.platform.keys.fields import BlindIndexField, EncryptedTextField
from strongroom.platform.tenancy.models import TenantRecord


class Person(TenantRecord):
    name = EncryptedTextField()
    email = EncryptedTextField(blank=True)
    note = EncryptedTextField(blank=True, null=True)
    account = EncryptedTextField(blank=True, personal=False)
    email_index = BlindIndexField(source="email", normalize="email")
    kind = models.CharField(max_length=20, default="customer")

    def encryption_subject(self) -> str:
        return f"person:{self.pk}"

    def history_label(self) -> str:
        return f"Person {str(self.pk)[:8]}"

    def __str__(self) -> str:
        return self.history_label()
