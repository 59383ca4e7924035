"""Live checks of the backup promises (P-F1, P-F2, P-F3) for the compliance report: ages,
run ids and counts from the backup and drill records."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.backups import postgresql
from strongroom.platform.backups.errors import BackupError
from strongroom.platform.backups.runs import MINIMUM_LOCATIONS
from strongroom.platform.backups.selectors import location_status
from strongroom.platform.compliance.registry import (
    Outcome,
    check,
    failed,
    not_applicable,
    passed,
)

DRILL_WINDOW = timedelta(days=8)  # the drill is weekly, with a day's grace


@check("P-F1", "Encrypted backups")
def backups(actor: Actor) -> Outcome:
    """Backups on, at least two locations, each with a good backup younger than its window."""
    locations = location_status(actor)
    evidence = {
        "enabled": settings.STRONGROOM_BACKUP_ENABLED,
        "max_age_minutes": settings.STRONGROOM_BACKUP_MAX_AGE_MINUTES,
        "locations": [{
            "name": item.name, "age_minutes": item.age_minutes, "failing": item.failing,
            "last_good_backup_id": item.last_good.run_id if item.last_good else None,
        } for item in locations],
    }
    if not settings.STRONGROOM_BACKUP_ENABLED:
        return failed("backups are turned off (STRONGROOM_BACKUP_ENABLED=false)", **evidence)
    if len(locations) < MINIMUM_LOCATIONS:
        return failed(f"{len(locations)} backup location(s), {MINIMUM_LOCATIONS} needed",
                      **evidence)
    if settings.STRONGROOM_BACKUP_PASSPHRASE_PROBLEM:
        return failed(settings.STRONGROOM_BACKUP_PASSPHRASE_PROBLEM, **evidence)
    stale = [item.name for item in locations if item.overdue or item.failing]
    if stale:
        return failed(f"no good backup within {settings.STRONGROOM_BACKUP_MAX_AGE_MINUTES} "
                      f"minutes, or the last attempt failed: {', '.join(stale)}", **evidence)
    return passed("every location has a good encrypted backup within its window", **evidence)


@check("P-F2", "Point-in-time recovery")
def point_in_time(actor: Actor) -> Outcome:
    if not postgresql.in_use():
        return not_applicable(
            "SQLite: no continuous archiving; the recovery point is the last hourly backup "
            "(docs/backups.md)", max_age_minutes=settings.STRONGROOM_BACKUP_MAX_AGE_MINUTES,
        )
    repositories = settings.STRONGROOM_PGBACKREST_REPOSITORIES
    if not repositories:
        return failed("PostgreSQL without pgBackRest repositories "
                      "(STRONGROOM_PGBACKREST_REPOSITORIES)", repositories=0)
    try:
        archive = postgresql.archive_document(postgresql.configured_setup())
    except BackupError as error:
        return failed(f"WAL archive status unknown: {error}", repositories=len(repositories))
    evidence = {key: archive.get(key) for key in (
        "ok", "last_archived_wal", "last_archived_time", "ready_segments", "failed_count")}
    if not archive.get("ok"):
        return failed("WAL archiving is failing or behind", **evidence)
    return passed("WAL is archived continuously to every repository", **evidence)


@check("P-F3", "Restore drills")
def drills(actor: Actor) -> Outcome:
    """The latest drill of each location passed and is recent."""
    now = timezone.now()
    locations = location_status(actor, now=now)
    evidence = {"locations": [{
        "name": item.name,
        "last_drill": item.last_drill.finished_at if item.last_drill else None,
        "ok": item.last_drill.ok if item.last_drill else None,
        "restore_seconds": round(item.last_drill.restore_seconds, 3) if item.last_drill else None,
    } for item in locations]}
    failing = [item.name for item in locations if item.last_drill and not item.last_drill.ok]
    if failing:
        return failed(f"the last restore drill failed: {', '.join(failing)}", **evidence)
    stale = [item.name for item in locations
             if item.last_drill is None or item.last_drill.finished_at < now - DRILL_WINDOW]
    if not locations or stale:
        return failed("no restore drill within 8 days: " + (", ".join(stale) or "no location"),
                      **evidence)
    return passed("every location's latest restore drill passed this week", **evidence)
