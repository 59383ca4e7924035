"""The backup schedule: a backup every hour, a watch on their age, a restore drill a week."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.backups import drills, runs
from strongroom.platform.backups.actions import record_backup_run, report_backup_overdue
from strongroom.platform.backups.errors import BackupError
from strongroom.platform.backups.models import BackupRun, DrillRun
from strongroom.platform.backups.permissions import BACKUPS_RUN
from strongroom.platform.backups.selectors import first_scheduled, location_status
from strongroom.platform.jobs.alerts import alert_operators
from strongroom.platform.jobs.registry import periodic


def job_actor(actor: Actor) -> Actor:
    """The jobs' system actor: may take and check backups, and see their state (P-B4)."""
    return replace(
        actor, platform=True, permissions=frozenset({BACKUPS_RUN, PLATFORM_VIEW})
    )


@periodic(name="backups.run", every=timedelta(hours=1))
def back_up(actor: Actor) -> str:
    """Back up the databases and files to every location (fails when any location fails)."""
    if not settings.STRONGROOM_BACKUP_ENABLED:
        return "backups are turned off"
    return _summary(runs.run_backups(job_actor(actor)), done="backed up to", failed="backup")


@periodic(name="backups.watch", every=timedelta(minutes=30))
def watch_backups(actor: Actor) -> str:
    """Alert when a location's last good backup is older than allowed, or there is none."""
    if not settings.STRONGROOM_BACKUP_ENABLED:
        return "backups are turned off"
    watcher = job_actor(actor)
    late = []
    scheduling_since = first_scheduled()
    for status in location_status(watcher):
        if not status.overdue:
            continue
        if status.last_good is None and status.last_failure is None and (
            scheduling_since is None or status.now - scheduling_since < status.allowed_age
        ):
            continue  # a new installation: its first hourly backup is still to come
        run = status.last_good or status.last_failure or record_backup_run(
            actor=watcher, run_id="-", location=status.name, started_at=timezone.now(),
            finished_at=timezone.now(), error="no backup has been taken to this location",
        )
        age = status.age_minutes
        report_backup_overdue(actor=watcher, run=run, age_minutes=age if age is not None else -1)
        late.append(status.name)
        alert_operators(
            f"No recent backup in {status.name}",
            f"The last good backup in location {status.name} is "
            + (f"{age} minutes old" if age is not None else "missing")
            + f" (allowed: {settings.STRONGROOM_BACKUP_MAX_AGE_MINUTES} minutes).\n\n"
            "Run `strongroom backup status` on the server.",
        )
    return f"overdue: {', '.join(late)}" if late else "every location is fresh"


@periodic(name="backups.drill", every=timedelta(days=7))
def drill(actor: Actor) -> str:
    """Restore each location's latest backup into a throwaway copy and check it (P-F3)."""
    if not settings.STRONGROOM_BACKUP_ENABLED:
        return "backups are turned off"
    return _summary(drills.run_drills(job_actor(actor)), done="drilled", failed="restore drill")


def _summary(results: Sequence[BackupRun | DrillRun], *, done: str, failed: str) -> str:
    """The job's summary; a failure anywhere fails the job run too (after it was recorded)."""
    failures = [result.location for result in results if not result.ok]
    if failures:
        raise BackupError(f"{failed} failed for {', '.join(failures)}")
    return f"{done} {', '.join(result.location for result in results)}"
