"""What operators see of backups: runs, drills and the state of each location (P-F1, P-F3).

Only the platform's operators may look (``platform.view``); what they see names locations,
times, sizes and outcomes, never a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.backups.models import BackupRun, DrillRun
from strongroom.platform.jobs.models import JobRun
from strongroom.platform.jobs.registry import get as get_job

BACKUP_JOB = "backups.run"
DRILL_JOB = "backups.drill"


@dataclass(frozen=True)
class LocationStatus:
    """The state of one location: its last good backup, last failure and last drill."""

    name: str
    repository: str
    last_good: BackupRun | None
    last_failure: BackupRun | None
    last_drill: DrillRun | None
    now: datetime

    @property
    def age_minutes(self) -> int | None:
        if self.last_good is None:
            return None
        return int((self.now - self.last_good.finished_at).total_seconds() // 60)

    @property
    def allowed_age(self) -> timedelta:
        return timedelta(minutes=settings.STRONGROOM_BACKUP_MAX_AGE_MINUTES)

    @property
    def overdue(self) -> bool:
        age = self.age_minutes
        return age is None or age > settings.STRONGROOM_BACKUP_MAX_AGE_MINUTES

    @property
    def failing(self) -> bool:
        """The latest attempt failed (a later good backup clears it)."""
        return self.last_failure is not None and (
            self.last_good is None or self.last_failure.started_at > self.last_good.started_at
        )

    @property
    def healthy(self) -> bool:
        drill_ok = self.last_drill is None or self.last_drill.ok
        return not self.overdue and not self.failing and drill_ok


def backup_runs(actor: Actor, *, limit: int = 50) -> QuerySet[BackupRun]:
    policy.require(actor, PLATFORM_VIEW)
    return BackupRun.objects.order_by("-started_at", "location")[:limit]


def drill_runs(actor: Actor, *, limit: int = 20) -> QuerySet[DrillRun]:
    policy.require(actor, PLATFORM_VIEW)
    return DrillRun.objects.order_by("-started_at")[:limit]


def location_status(actor: Actor, *, now: datetime | None = None) -> list[LocationStatus]:
    """Every configured location's state, in the configured order."""
    policy.require(actor, PLATFORM_VIEW)
    now = now or timezone.now()
    statuses = []
    for name, repository in settings.STRONGROOM_BACKUP_LOCATIONS.items():
        runs = BackupRun.objects.filter(location__in=(name, "*")).order_by("-started_at")
        statuses.append(
            LocationStatus(
                name=name,
                repository=repository,
                last_good=runs.filter(ok=True, location=name).first(),
                last_failure=runs.filter(ok=False).first(),
                last_drill=DrillRun.objects.filter(location=name).order_by("-started_at").first(),
                now=now,
            )
        )
    return statuses


def last_good_drills(actor: Actor) -> dict[str, datetime | None]:
    """When each configured location's latest passing restore drill ended (None: never)."""
    policy.require(actor, PLATFORM_VIEW)
    return {
        name: DrillRun.objects.filter(location=name, ok=True).order_by("-started_at")
        .values_list("finished_at", flat=True).first()
        for name in settings.STRONGROOM_BACKUP_LOCATIONS
    }


def next_run(job_name: str, *, now: datetime | None = None) -> datetime:
    """When the scheduler next runs ``job_name`` (the start of its next slot)."""
    job = get_job(job_name)
    now = now or timezone.now()
    return job.slot(now) + job.every


def first_scheduled() -> datetime | None:
    """When the scheduler first ran anything here (how long backups have had their chance)."""
    first = JobRun.objects.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return first


def retention_summary() -> dict[str, str]:
    hourly, daily = settings.STRONGROOM_BACKUP_KEEP_HOURLY, settings.STRONGROOM_BACKUP_KEEP_DAILY
    return {
        "records and files": f"last {hourly}, hourly for {hourly} h, daily for {daily} days",
        "key store": f"{settings.STRONGROOM_BACKUP_KEYS_KEEP_DAYS} days",
        "alert after": f"{settings.STRONGROOM_BACKUP_MAX_AGE_MINUTES} minutes without a backup",
    }
