"""Customer organisations and their contact persons (P-D4).

An organisation is business data and stored as such. A contact person's every field is personal
data: encrypted under the person's own key (subject ``contact:<uuid>``), found by e-mail or name
only through keyed blind indexes, and named in history by type and id alone.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from strongroom.platform.keys.fields import BlindIndexField, EncryptedTextField
from strongroom.platform.tenancy.models import TenantRecord


class Organisation(TenantRecord):
    """A customer or other organisation the company deals with."""

    name = models.CharField(max_length=200)
    organisation_number = models.CharField(max_length=40, blank=True)
    vat_id = models.CharField("VAT id", max_length=40, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["name"]
        indexes: ClassVar = [models.Index(fields=["company", "name"])]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["company", "organisation_number"],
                condition=~models.Q(organisation_number=""),
                name="contacts_organisation_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContactPerson(TenantRecord):
    """A person at an organisation. Every field about them is personal and encrypted."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people"
    )
    name = EncryptedTextField()
    job_title = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    phone = EncryptedTextField(blank=True)
    address = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    email_index = BlindIndexField(source="email", normalize="email")
    name_index = BlindIndexField(source="name", normalize="casefold")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [models.Index(fields=["company", "created_at"])]

    def __str__(self) -> str:
        return self.history_label()

    def encryption_subject(self) -> str:
        """Whose key encrypts this record's fields: the person's own."""
        return f"contact:{self.pk}"

    def history_label(self) -> str:
        """How history names this person: by type and id, never by a personal value."""
        return f"Contact person {str(self.pk)[:8]}"
