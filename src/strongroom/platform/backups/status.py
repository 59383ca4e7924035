"""``strongroom backup status``: one document an operator (or a check) reads (P-F1, P-F3).

It is healthy only when backups are on, enough locations are configured, every location has a
good backup younger than the allowed age, none is failing and no latest drill failed. Nothing
known is never reported as healthy.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.backups import postgresql
from strongroom.platform.backups.errors import BackupError
from strongroom.platform.backups.runs import MINIMUM_LOCATIONS
from strongroom.platform.backups.selectors import (
    BACKUP_JOB,
    DRILL_JOB,
    LocationStatus,
    location_status,
    next_run,
    retention_summary,
)


def _location(status: LocationStatus) -> dict[str, Any]:
    good, failure, drill = status.last_good, status.last_failure, status.last_drill
    return {
        "name": status.name,
        "repository": status.repository,
        "healthy": status.healthy,
        "last_good_backup": good.finished_at.isoformat() if good else None,
        "last_good_backup_id": good.run_id if good else None,
        "age_minutes": status.age_minutes,
        "overdue": status.overdue,
        "failing": status.failing,
        "last_failure": failure.finished_at.isoformat() if failure else None,
        "last_error": failure.error if failure else "",
        "last_drill": None if drill is None else {
            "at": drill.finished_at.isoformat(),
            "ok": drill.ok,
            "error": drill.error,
            "restore_seconds": round(drill.restore_seconds, 3),
            "recovery_point": drill.recovery_point.isoformat() if drill.recovery_point else None,
        },
    }


def status_document(actor: Actor) -> dict[str, Any]:
    """The state of backups, as ``backup status --json`` prints it."""
    now = timezone.now()
    locations = [_location(status) for status in location_status(actor, now=now)]
    problems = []
    if not settings.STRONGROOM_BACKUP_ENABLED:
        problems.append("backups are turned off (STRONGROOM_BACKUP_ENABLED=false)")
    if len(locations) < MINIMUM_LOCATIONS:
        problems.append(
            f"{len(locations)} location(s) configured, {MINIMUM_LOCATIONS} needed "
            "(STRONGROOM_BACKUP_LOCATIONS)"
        )
    if settings.STRONGROOM_BACKUP_PASSPHRASE_PROBLEM:
        problems.append(settings.STRONGROOM_BACKUP_PASSPHRASE_PROBLEM)
    archive = None
    if postgresql.in_use():
        try:
            archive = postgresql.archive_document(postgresql.configured_setup())
        except BackupError as error:
            archive = {"ok": False, "error": str(error)}
        if not archive["ok"]:
            problems.append(
                "WAL archiving: " + (archive.get("error") or "; ".join(archive["problems"])
                                     or f"{archive['ready_segments']} segments waiting")
            )
    problems += [
        f"{item['name']}: " + (
            f"the last attempt failed: {item['last_error']}" if item["failing"]
            else "no good backup yet" if item["age_minutes"] is None
            else f"last good backup {item['age_minutes']} minutes old" if item["overdue"]
            else "the last restore drill failed"
        )
        for item in locations if not item["healthy"]
    ]
    return {
        "healthy": not problems,
        "problems": problems,
        "now": now.isoformat(),
        "locations": locations,
        "next_backup": next_run(BACKUP_JOB, now=now).isoformat(),
        "next_drill": next_run(DRILL_JOB, now=now).isoformat(),
        "retention": retention_summary(),
        "wal_archive": archive,
    }


def status_lines(document: dict[str, Any]) -> list[str]:
    """The document for people."""
    lines = [("Backups are healthy." if document["healthy"] else "Backups need attention:")]
    lines += [f"  ! {problem}" for problem in document["problems"]]
    for item in document["locations"]:
        drill = item["last_drill"]
        lines.append(
            f"{item['name']:<10} last good backup: {item['last_good_backup'] or 'never'}"
            + (f" ({item['age_minutes']} min ago)" if item["age_minutes"] is not None else "")
        )
        if item["last_failure"]:
            lines.append(f"{'':<10} last failure: {item['last_failure']}: {item['last_error']}")
        lines.append(
            f"{'':<10} last drill: "
            + ("never" if drill is None else
               f"{drill['at']} {'passed' if drill['ok'] else 'FAILED: ' + drill['error']}"
               f" (restore {drill['restore_seconds']} s)")
        )
    archive = document.get("wal_archive")
    if archive is not None and "error" not in archive:
        lines.append(
            f"WAL archive: last {archive['last_archived_wal'] or 'none'} at "
            f"{archive['last_archived_time'] or '-'}; {archive['ready_segments']} waiting; "
            f"{archive['failed_count']} failures (last {archive['last_failed_time'] or 'never'})"
        )
    lines.append(f"Next backup: {document['next_backup']}; next drill: {document['next_drill']}")
    lines += [f"Retention, {name}: {text}" for name, text in document["retention"].items()]
    return lines
