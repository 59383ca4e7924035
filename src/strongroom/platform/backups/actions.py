"""The backup machinery's writes: every run, restore and drill, and every alert, is recorded
with its outcome in the platform's audit chain, where the compliance report reads them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.backups.models import BackupRun, DrillRun
from strongroom.platform.backups.permissions import BACKUPS_RUN
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record


@action
def record_backup_run(
    *,
    actor: Actor,
    run_id: str,
    location: str,
    started_at: datetime,
    finished_at: datetime,
    error: str = "",
    parts: dict[str, Any] | None = None,
    counts: dict[str, Any] | None = None,
    size_bytes: int = 0,
    verified: bool = False,
) -> BackupRun:
    """Record one location's backup run; ``error`` set means it failed."""
    policy.require(actor, BACKUPS_RUN)
    run = BackupRun.objects.create(
        run_id=run_id, location=location, started_at=started_at, finished_at=finished_at,
        ok=not error, error=error[:2000], parts=parts or {}, counts=counts or {},
        size_bytes=size_bytes, verified=verified,
    )
    event = AuditEventType.BACKUP_FAILED if error else AuditEventType.BACKUP_SUCCEEDED
    record(
        actor=actor, event=event, obj=run, company_id=None,
        extra={"location": location, "run": run_id, "error": error[:500]},
    )
    return run


@action
def report_backup_overdue(*, actor: Actor, run: BackupRun, age_minutes: int) -> None:
    """Alert: the last good backup of ``run.location`` is older than allowed (or missing)."""
    policy.require(actor, BACKUPS_RUN)
    record(
        actor=actor, event=AuditEventType.BACKUP_OVERDUE, obj=run, company_id=None,
        extra={"location": run.location, "age_minutes": age_minutes},
    )


@action
def report_passphrase_rotated(*, actor: Actor, run: BackupRun) -> None:
    """Record that ``run.location`` was sealed under a new backup passphrase."""
    policy.require(actor, BACKUPS_RUN)
    record(
        actor=actor, event=AuditEventType.BACKUP_PASSPHRASE_ROTATED, obj=run, company_id=None,
        extra={"location": run.location},
    )


@action
def record_keys_forgotten(*, actor: Actor, run: BackupRun, before: datetime, count: int) -> None:
    """Record that key-store snapshots of ``run.location`` taken before ``before`` were removed
    (an erasure or termination reaches the backups there at once)."""
    policy.require(actor, BACKUPS_RUN)
    record(
        actor=actor, event=AuditEventType.BACKUP_KEYS_FORGOTTEN, obj=run, company_id=None,
        extra={"location": run.location, "before": before.isoformat(), "count": count},
    )


@action
def record_restore(*, actor: Actor, run: BackupRun, target: str, seconds: float) -> None:
    """Record that a backup was restored (to a new target, or with ``--force`` over one)."""
    policy.require(actor, BACKUPS_RUN)
    record(
        actor=actor, event=AuditEventType.BACKUP_RESTORED, obj=run, company_id=None,
        extra={"location": run.location, "run": run.run_id, "target": target[:300],
               "milliseconds": int(seconds * 1000)},
    )


@action
def record_drill_run(
    *,
    actor: Actor,
    location: str,
    backup: BackupRun | None,
    started_at: datetime,
    finished_at: datetime,
    checks: dict[str, str],
    error: str = "",
    restore_seconds: float = 0.0,
) -> DrillRun:
    """Record a restore drill; ``error`` set means it failed."""
    policy.require(actor, BACKUPS_RUN)
    drill = DrillRun.objects.create(
        location=location, backup=backup, started_at=started_at, finished_at=finished_at,
        ok=not error, error=error[:2000], restore_seconds=restore_seconds,
        recovery_point=backup.started_at if backup is not None else None, checks=checks,
    )
    record(
        actor=actor,
        event=AuditEventType.DRILL_FAILED if error else AuditEventType.DRILL_PASSED,
        obj=drill, company_id=None,
        extra={"location": location, "run": backup.run_id if backup else "",
               "error": error[:500]},
    )
    return drill
