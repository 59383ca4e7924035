"""What happened to backups: one row per backup run and location, one per restore drill.

The repositories themselves are the truth about which backups exist (``strongroom backup
list`` asks them); these rows keep what a repository cannot: the outcome of each attempt,
including failures, the digests of what was sent, and the record counts a drill checks.
"""

from __future__ import annotations

from django.db import models


class BackupRun(models.Model):
    """One backup run to one location; ``ok`` false with ``error`` when it failed."""

    run_id = models.CharField(max_length=32, help_text="Shared by a run's locations.")
    location = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField()
    error = models.TextField(blank=True)
    # part ("records", "keys", "files") -> {"snapshot": id, "sha256": hex, "bytes": n}
    parts = models.JSONField(default=dict)
    # table -> {company id: rows}, counted in the snapshot as it was taken
    counts = models.JSONField(default=dict)
    size_bytes = models.BigIntegerField(default=0)
    verified = models.BooleanField(default=False, help_text="The repository check passed after it.")

    class Meta:
        ordering = ("-started_at", "location")
        indexes = (models.Index(fields=["location", "-started_at"], name="backups_run_latest"),)

    def __str__(self) -> str:
        return f"backup {self.run_id} to {self.location}"


class DrillRun(models.Model):
    """One restore drill: a backup restored into a throwaway target and checked."""

    location = models.CharField(max_length=64)
    backup = models.ForeignKey(BackupRun, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField()
    error = models.TextField(blank=True)
    restore_seconds = models.FloatField(default=0)
    recovery_point = models.DateTimeField(null=True, help_text="When the restored data was taken.")
    checks = models.JSONField(default=dict, help_text="check name -> outcome text")

    class Meta:
        ordering = ("-started_at",)

    def __str__(self) -> str:
        return f"drill of {self.location} at {self.started_at:%Y-%m-%d %H:%M}"
