"""Run records of periodic jobs: one row per job and time slot, claimed by exactly one instance."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone


class JobRun(models.Model):
    """One scheduled execution of a periodic job.

    The unique (job_name, scheduled_for) pair is the claim: every instance's scheduler tries to
    insert the row for the current slot, and the database lets exactly one of them succeed.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    job_name = models.CharField(max_length=100)
    scheduled_for = models.DateTimeField(help_text="The start of the slot this run belongs to.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    claimed_by = models.CharField(max_length=200, help_text="Scheduler instance (host:pid).")
    ran_on = models.CharField(max_length=200, blank=True, help_text="Worker instance (host:pid).")
    task_result_id = models.CharField(max_length=64, blank=True)
    enqueued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ("-scheduled_for", "-id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("job_name", "scheduled_for"), name="jobs_run_slot_unique"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=("-scheduled_for",), name="jobs_run_recent_idx")]

    def __str__(self) -> str:
        return f"{self.job_name} @ {self.scheduled_for:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def duration(self) -> float | None:
        """Seconds from start to finish, once finished."""
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
