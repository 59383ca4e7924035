"""The audit log: an append-only record of every write, with its actor's names copied in."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from strongroom.platform.history.events import AuditEventType


class AuditEvent(models.Model):
    """One write. Never updated or deleted by the application."""

    company = models.ForeignKey(
        "tenancy.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An AuditEventType code. No database choices: new codes are added without a migration.
    event_type = models.PositiveSmallIntegerField()
    occurred_at = models.DateTimeField(db_index=True)
    # The actor, with names copied so the row survives the actor's deletion.
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
    channel = models.CharField(max_length=20)
    credential = models.CharField(max_length=100, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # The object written.
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, help_text="{field: [old, new]}")
    extra = models.JSONField(default=dict)

    class Meta:
        ordering: ClassVar = ["-occurred_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["company", "-occurred_at"], name="history_audit_company_time"),
            models.Index(fields=["object_type", "object_id"], name="history_audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.type.label}: {self.object_repr}"

    @property
    def type(self) -> AuditEventType:
        return AuditEventType(self.event_type)
