"""The change log (P-G6): each new version started, each migration applied, each change of
the security-relevant settings (their names, never their values) and each change an operator
plans. Key rotations are read from the audit chain beside it (``selectors.changes``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ChangeKind(models.TextChoices):
    VERSION = "version", "New version"
    MIGRATION = "migration", "Migration"
    CONFIGURATION = "configuration", "Security configuration"
    KEY_ROTATION = "key_rotation", "Key rotation"  # read from the audit chain, never stored
    PLANNED = "planned", "Planned change"


class Change(models.Model):
    """One change of the installation. ``sequence`` is unique: a version or configuration
    entry names the entry of its kind it follows, so instances starting at once record it once."""

    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    recorded_at = models.DateTimeField()
    summary = models.CharField(max_length=300)
    version = models.CharField(max_length=100, blank=True)
    commit = models.CharField(max_length=64, blank=True)
    app = models.CharField(max_length=100, blank=True)
    migration = models.CharField(max_length=200, blank=True)
    settings_changed = models.JSONField(default=list, help_text="Names only, never values.")
    fingerprint = models.CharField(max_length=64, blank=True)
    salt = models.CharField(max_length=32, blank=True)
    setting_digests = models.JSONField(default=dict, help_text="Salted SHA-256 per setting.")
    note = models.TextField(blank=True, help_text="A planned change's review note.")
    planned_for = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    sequence = models.CharField(max_length=80, null=True, blank=True, unique=True)

    class Meta:
        ordering = ("-recorded_at", "-pk")
        indexes = (models.Index(fields=("kind", "-recorded_at"), name="security_change_kind"),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"
