"""Taking backups: one run copies the databases once and sends the copies to every location.

A run writes three snapshots to each location, tagged with the run's id: ``records`` (the
records database), ``keys`` (the key store, separately, kept only ``BACKUP_KEYS_KEEP_DAYS``)
and ``files`` (uploaded files). Then it applies retention and checks the repository. Every
location's outcome is recorded (``BackupRun``, the audit chain), and a failure alerts the
operators. Backups fail closed: no passphrase, one location, or a location that cannot be
written is an error, never a silent skip.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.backups import postgresql, restic, sources
from strongroom.platform.backups.actions import (
    record_backup_run,
    record_keys_forgotten,
    report_passphrase_rotated,
)
from strongroom.platform.backups.errors import BackupError
from strongroom.platform.backups.models import BackupRun
from strongroom.platform.backups.permissions import BACKUPS_RUN
from strongroom.platform.jobs.alerts import alert_operators

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
MINIMUM_LOCATIONS = 2


def _quiet(_message: str) -> None:
    return None


def take_streams() -> list[sources.Stream]:
    """Consistent copies of the records database (SQLite) and the key store."""
    streams = []
    if sources.database_engine("default") == "sqlite":
        streams.append(sources.database_copy("default", part="records", count=True))
    streams.append(sources.database_copy("keys", part="keys", count=False))
    return streams


def run_backups(
    actor: Actor, *, only: str | None = None, progress: Progress = _quiet
) -> list[BackupRun]:
    """Back up to every location (or the one named ``only``); one recorded run per location.

    Raises BackupError, after recording and alerting, when backups are off, fewer than two
    locations are configured, or the databases cannot be copied.
    """
    run_id = uuid.uuid4().hex[:12]
    started = timezone.now()
    try:
        if not settings.STRONGROOM_BACKUP_ENABLED:
            raise BackupError("backups are turned off (STRONGROOM_BACKUP_ENABLED=false)")
        locations = restic.configured_locations()
        if len(locations) < MINIMUM_LOCATIONS:
            raise BackupError(
                f"{len(locations)} backup location(s) configured, {MINIMUM_LOCATIONS} needed: "
                "set STRONGROOM_BACKUP_LOCATIONS"
            )
        if only is not None:
            locations = [restic.location(only)]
        setup = postgresql.configured_setup() if postgresql.in_use() else None
        if setup is not None:
            postgresql.prepare(setup)
        progress("copying the databases")
        streams = take_streams()
    except BackupError as error:
        _record_failure(actor, run_id=run_id, location="*", started=started, error=str(error))
        raise
    records = _postgresql_records(setup, locations, progress) if setup is not None else {}
    progress(f"sending to {', '.join(where.name for where in locations)}")
    with ThreadPoolExecutor(max_workers=len(locations)) as pool:  # restic only, no database
        sent = list(pool.map(lambda where: _send(where, run_id, streams), locations))
    runs = []
    for where, (started_at, parts, problem) in zip(locations, sent, strict=True):
        record_part = records.get(where.name)
        if isinstance(record_part, str):
            problem = "; ".join(text for text in (record_part, problem) if text)
        elif record_part is not None:
            parts["records"] = record_part
        if problem:
            runs.append(_record_failure(
                actor, run_id=run_id, location=where.name, started=started_at, error=problem
            ))
            continue
        size = sum(int(part.get("bytes", 0)) for part in parts.values())
        counts = next((stream.counts for stream in streams if stream.counts), {})
        runs.append(record_backup_run(
            actor=actor, run_id=run_id, location=where.name, started_at=started_at,
            finished_at=timezone.now(), parts=parts, counts=counts, size_bytes=size,
            verified=True,
        ))
        progress(f"{where.name}: done")
    return runs


Parts = dict[str, dict[str, Any]]


def _postgresql_records(
    setup: Any, locations: list[restic.Location], progress: Progress
) -> dict[str, dict[str, Any] | str]:
    """pgBackRest backups of the records cluster, one location at a time (pgBackRest backs a
    stanza up once at a time): location -> its records part, or the error."""
    done: dict[str, dict[str, Any] | str] = {}
    for where in locations:
        progress(f"{where.name}: pgBackRest backup of the records database")
        try:
            done[where.name] = postgresql.back_up(setup, location=where.name, now=timezone.now())
        except BackupError as error:
            done[where.name] = str(error)
    return done


def _send(
    where: restic.Location, run_id: str, streams: list[sources.Stream]
) -> tuple[datetime, Parts, str]:
    """Write one run's snapshots to ``where``, apply retention and check the repository:
    (when it started, the parts written, an error or "")."""
    started = timezone.now()
    tags = ["strongroom", f"run:{run_id}"]
    parts: Parts = {}
    try:
        existing = restic.open_repository(where)
        for stream in streams:
            snapshot = restic.backup_stream(
                where, data=stream.data, filename=stream.filename, tags=[*tags, stream.part]
            )
            parts[stream.part] = {
                "snapshot": snapshot, "sha256": stream.sha256, "bytes": len(stream.data),
                "filename": stream.filename,
            }
        directory = sources.files_directory()
        if directory is not None and directory.is_dir():
            snapshot = restic.backup_directory(where, directory=directory, tags=[*tags, "files"])
            parts["files"] = {"snapshot": snapshot, "path": str(directory)}
        apply_retention(where, existing=existing, now=timezone.now())
        restic.check(where)
    except BackupError as error:
        return started, parts, str(error)
    return started, parts, ""


def apply_retention(
    where: restic.Location, *, existing: list[restic.Snapshot], now: datetime
) -> None:
    """Forget what the retention policy no longer keeps, and prune its data away.

    Records and files: the latest ``KEEP_HOURLY`` snapshots, one per hour for as many hours,
    one per day for ``KEEP_DAILY`` days. Key store: only snapshots younger than
    ``KEYS_KEEP_DAYS``; ``existing`` (the snapshots before this run's) are the candidates, so
    this run's key-store snapshot, the newest, always stays.
    """
    hourly, daily = settings.STRONGROOM_BACKUP_KEEP_HOURLY, settings.STRONGROOM_BACKUP_KEEP_DAILY
    removed = restic.forget_by_policy(where, [
        "--tag", "records", "--tag", "files", "--host", restic.HOST, "--group-by", "paths",
        "--keep-last", str(hourly), "--keep-hourly", str(hourly), "--keep-daily", str(daily),
    ])
    horizon = now - timedelta(days=settings.STRONGROOM_BACKUP_KEYS_KEEP_DAYS)
    expired = [s.id for s in existing if s.part == "keys" and s.time < horizon]
    if expired:
        restic.forget(where, expired)
    if removed or expired:
        restic.prune(where)


def expire_key_snapshots(where: restic.Location, *, horizon: datetime) -> list[str]:
    """Forget key-store snapshots taken before ``horizon`` except the newest; their ids."""
    keys = [snapshot for snapshot in restic.snapshots(where) if snapshot.part == "keys"]
    expired = [snapshot.id for snapshot in keys[:-1] if snapshot.time < horizon]
    if expired:
        restic.forget(where, expired)
    return expired


def forget_key_snapshots(actor: Actor, where: restic.Location, *, before: datetime) -> int:
    """Remove key-store snapshots taken before ``before`` (the newest stays) from ``where``,
    data included: an erasure or termination since then now reaches every backup there."""
    policy.require(actor, BACKUPS_RUN)
    latest = BackupRun.objects.filter(location=where.name).order_by("-started_at").first()
    if latest is None:
        raise BackupError(f"{where.name}: no backup run is recorded here; nothing to forget")
    expired = expire_key_snapshots(where, horizon=before)
    if expired:
        restic.prune(where)
    record_keys_forgotten(actor=actor, run=latest, before=before, count=len(expired))
    return len(expired)


def record_passphrase_rotation(actor: Actor, *, locations: list[str]) -> None:
    """Record a passphrase rotation in the audit chain, against each location's latest run."""
    for name in locations:
        run = BackupRun.objects.filter(location=name).order_by("-started_at").first()
        if run is not None:
            report_passphrase_rotated(actor=actor, run=run)


def _record_failure(
    actor: Actor, *, run_id: str, location: str, started: datetime, error: str
) -> BackupRun:
    log.error("backup to %s failed: %s", location, error)
    run = record_backup_run(
        actor=actor, run_id=run_id, location=location, started_at=started,
        finished_at=timezone.now(), error=error,
    )
    where = "every location" if location == "*" else f"location {location}"
    alert_operators(
        f"Backup to {where} failed",
        f"The backup run {run_id} to {where} failed at {run.finished_at:%Y-%m-%d %H:%M} UTC:\n\n"
        f"{error}\n\nRun `strongroom backup status` on the server for details.",
    )
    return run
