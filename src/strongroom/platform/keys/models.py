"""The key store (database alias ``keys``): wrapped keys and their versions, never plain keys.

root key (outside every database, versions 1, 2, ...)
  └─ wraps CompanyKey: one key-encryption key per company, versioned
       └─ wraps DataKeyVersion: the versions of a DataKeyset, one keyset per data subject
          (a person), per company (confidential, not personal), and the company's blind-index
          key; files get their own keys, wrapped by these and stored with the file.

Companies are referred to by id only: the key store is a separate database, so there are no
foreign keys into the records. A destroyed key keeps its row (ids, dates) without its material,
so that its ciphertexts read as erased instead of failing as unknown.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class CompanyKey(models.Model):
    """One version of a company's key-encryption key, wrapped by a root key version."""

    class State(models.TextChoices):
        ACTIVE = "active", "Active"  # wraps new data keys; exactly one per live company
        DECRYPT_ONLY = "decrypt_only", "Decrypt only"  # rotated out, still unwraps
        RETIRED = "retired", "Retired"  # nothing wrapped under it any more: material gone
        DESTROYED = "destroyed", "Destroyed"  # the company's keys were destroyed

    company_id = models.BigIntegerField()
    version = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    wrapped = models.BinaryField(help_text="Nonce and AES-256-GCM ciphertext; empty once gone.")
    root_version = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    rotated_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["company_id", "version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["company_id", "version"], name="keys_company_version"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["company_id", "state"], name="keys_company_state"),
            models.Index(fields=["root_version"], name="keys_company_root_version"),
        ]

    def __str__(self) -> str:
        return f"company {self.company_id} key v{self.version} ({self.state})"


class Purpose(models.TextChoices):
    SUBJECT = "subject", "Personal data of one person"
    COMPANY = "company", "Confidential company data"
    INDEX = "index", "Blind indexes"


class DataKeyset(models.Model):
    """A data key and its versions. ``key_id`` (random) is named in every ciphertext."""

    key_id = models.BigIntegerField(primary_key=True)
    company_id = models.BigIntegerField()
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    subject = models.CharField(max_length=100, blank=True, help_text='e.g. "contact:<uuid>"')
    created_at = models.DateTimeField()
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["company_id", "purpose", "subject"], name="keys_keyset_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"data key {self.key_id:016x} ({self.purpose} {self.subject})".rstrip()


class DataKeyVersion(models.Model):
    """One version of a data key, wrapped by a version of its company's key."""

    keyset = models.ForeignKey(DataKeyset, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    wrapped = models.BinaryField(help_text="Nonce and AES-256-GCM ciphertext; empty once gone.")
    company_key_version = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["keyset_id", "version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["keyset", "version"], name="keys_keyset_version"),
        ]

    def __str__(self) -> str:
        return f"data key {self.keyset_id:016x} v{self.version}"


class RootKeyCheck(models.Model):
    """A value wrapped under each root key version when first seen: start-up unwraps it, so a
    wrong root key stops the application instead of producing garbage."""

    version = models.PositiveIntegerField(unique=True)
    wrapped = models.BinaryField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"root key v{self.version} check"
