"""What operators may see of jobs: the schedule and recent runs (platform permission only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Q, QuerySet

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.jobs import registry
from strongroom.platform.jobs.models import JobRun


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    every: timedelta
    description: str
    last_run: JobRun | None

    @property
    def interval(self) -> str:
        """The interval in words: "1 hour", "15 minutes", "1 day"."""
        seconds = int(self.every.total_seconds())
        unit, size = next(
            (unit, size)
            for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))
            if seconds % size == 0
        )
        count = seconds // size
        return f"{count} {unit}{'' if count == 1 else 's'}"


def recent_job_runs(actor: Actor, *, limit: int = 50) -> QuerySet[JobRun]:
    """The newest runs first. Anyone without platform.view gets NotFound."""
    policy.require(actor, PLATFORM_VIEW)
    return JobRun.objects.order_by("-scheduled_for", "-id")[:limit]


def job_schedule(actor: Actor) -> list[ScheduledJob]:
    """Every registered periodic job with its latest run (two queries, however many runs)."""
    policy.require(actor, PLATFORM_VIEW)
    jobs = registry.all_jobs()
    newest = (
        JobRun.objects.filter(job_name__in=[job.name for job in jobs])
        .values_list("job_name")
        .annotate(last=Max("scheduled_for"))
    )
    slots = Q()
    for name, last in newest:
        slots |= Q(job_name=name, scheduled_for=last)
    latest = {run.job_name: run for run in JobRun.objects.filter(slots)} if slots else {}
    return [
        ScheduledJob(job.name, job.every, job.description, latest.get(job.name)) for job in jobs
    ]


def last_successes(actor: Actor) -> dict[str, datetime]:
    """When each job's latest successful run finished (jobs that never succeeded: absent)."""
    policy.require(actor, PLATFORM_VIEW)
    return dict(
        JobRun.objects.filter(status=JobRun.Status.SUCCEEDED).values("job_name")
        .annotate(at=Max("finished_at")).values_list("job_name", "at")
    )
