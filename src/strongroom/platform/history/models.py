"""The audit log: an append-only, hash-chained record of every write (P-D1, P-D2).

Each company has its own chain (``chain_key`` ``"c:<company id>"``); writes that belong to no
company (operators, accounts) form the platform chain (``"platform"``). Each entry commits to
the previous entry's hash and to a canonical encoding of its own content (``chain.py``), and
signed checkpoints commit to a chain's size and head (``checkpoints.py``). The encoded content
is stored with the entry (``body``), so the chain is verified over the very bytes it hashed.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from strongroom.platform.history.events import AuditEventType


class CanonicalJSONEncoder(json.JSONEncoder):
    """Stores JSON as the chain's canonical encoding (sorted keys, no white space, UTF-8), so
    that on SQLite the verifier can hash the stored text as it is (``fastchain``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        super().__init__(**kwargs)


class ChainEntry(models.Model):
    """What audit entries and access-log entries share: a position in a per-company hash chain,
    and who acted, with names copied so that the row outlives the account."""

    company = models.ForeignKey(
        "tenancy.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Position in the chain: (chain_key, sequence) is unique and gap-free from 1.
    chain_key = models.CharField(max_length=40)
    sequence = models.PositiveBigIntegerField()
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(max_length=200)
    actor_email = models.CharField(max_length=254, blank=True)
    # During support access (P-B5): the operator acting as the member above.
    support_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    support_name = models.CharField(max_length=200, blank=True)
    support_email = models.CharField(max_length=254, blank=True)
    channel = models.CharField(max_length=20)
    credential = models.CharField(max_length=100, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    # The entry's content in its canonical encoding: exactly the bytes its hash commits to
    # (chain.py). The other columns hold the same values for queries and display; ``audit
    # verify`` hashes these bytes and checks that the columns agree with them.
    body = models.BinaryField(editable=False)

    class Meta:
        abstract = True


class AuditEvent(ChainEntry):
    """One write. Never updated or deleted by the application."""

    # An AuditEventType code. No database choices: new codes are added without a migration.
    event_type = models.PositiveSmallIntegerField()
    occurred_at = models.DateTimeField(db_index=True)
    user_agent = models.CharField(max_length=400, blank=True)
    # How the object written is named (no personal value).
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(
        default=dict, encoder=CanonicalJSONEncoder, help_text="{field: [old, new]}"
    )
    # A tracked record's full stored state after the write; null after a delete or when the
    # object is not a tracked record type.
    state = models.JSONField(null=True, blank=True, encoder=CanonicalJSONEncoder)
    extra = models.JSONField(default=dict, encoder=CanonicalJSONEncoder)

    class Meta:
        ordering: ClassVar = ["-occurred_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["chain_key", "sequence"], name="history_audit_chain_position"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["company", "-occurred_at"], name="history_audit_company_time"),
            models.Index(fields=["object_type", "object_id"], name="history_audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.type.label}: {self.object_repr}"

    @property
    def type(self) -> AuditEventType:
        return AuditEventType(self.event_type)


class ChainHead(models.Model):
    """The newest position and hash of one chain. Appends lock this row, so they serialize."""

    chain_key = models.CharField(max_length=40, primary_key=True)
    sequence = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.chain_key} @ {self.sequence}"


class Checkpoint(models.Model):
    """A signed statement of a chain's size and head hash at a moment (P-D2)."""

    chain_key = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(help_text="Entries 1..size are covered.")
    head_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    key_id = models.CharField(max_length=64, help_text="SHA-256 of the signing public key.")
    signature = models.CharField(max_length=200, help_text="Ed25519 signature, base64.")

    class Meta:
        ordering: ClassVar = ["chain_key", "size"]
        indexes: ClassVar = [
            models.Index(fields=["chain_key", "-size"], name="history_checkpoint_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.chain_key} checkpoint @ {self.size}"


class AccessRead(ChainEntry):
    """One read of a record holding personal data, or of a file (P-G4). Never deleted, and
    updated once only: when it is sealed. Reads are hash-chained per company like audit events,
    in their own chain (``chain_key`` ``"a:<company id>"``), so a removed or altered read is
    detected too; a read is written first unsealed (no position, hash or body) and sealed into
    the chain within seconds (``chain.seal_reads``)."""

    occurred_at = models.DateTimeField()
    purpose = models.CharField(max_length=20, help_text="view, list, download or export")
    # Written unsealed (all four empty) on the request path, then sealed into the chain by
    # ``chain.seal_reads``: the one change the database allows a row (``dbguard``).
    sequence = models.PositiveBigIntegerField(null=True)  # type: ignore[assignment]
    prev_hash = models.CharField(max_length=64, null=True)  # type: ignore[assignment]  # noqa: DJ001
    entry_hash = models.CharField(max_length=64, unique=True, null=True)  # type: ignore[assignment]  # noqa: DJ001
    body = models.BinaryField(editable=False, null=True)  # type: ignore[assignment]

    class Meta:
        ordering: ClassVar = ["-occurred_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["chain_key", "sequence"], name="history_access_chain_position"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    sequence__isnull=True, prev_hash__isnull=True, entry_hash__isnull=True,
                    body__isnull=True,
                ) | models.Q(
                    sequence__isnull=False, prev_hash__isnull=False, entry_hash__isnull=False,
                    body__isnull=False,
                ),
                name="history_access_sealed_whole",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["company", "-occurred_at"], name="history_access_company_time"),
            models.Index(
                fields=["company", "object_type", "object_id"], name="history_access_object"
            ),
            # The sealer's work list: small, as rows leave it within seconds.
            models.Index(
                fields=["chain_key", "id"], name="history_access_unsealed",
                condition=models.Q(sequence__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} read {self.object_type} {self.object_id} ({self.purpose})"
