"""What the locations hold, and whether it is intact: ``backup list`` and ``backup verify``.

The repositories are asked, not the records database: a backup listed here exists. What a
repository does not know (when the run finished, what was sent, whether it was checked) comes
from the run records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.platform.backups import pgbackrest, pgbackrest_status, postgresql, restic
from strongroom.platform.backups.errors import BackupError
from strongroom.platform.backups.models import BackupRun

KINDS = {"full": "full", "incr": "incremental", "diff": "differential"}


def list_backups(locations: list[restic.Location]) -> list[dict[str, Any]]:
    """Every snapshot of every location, oldest first, as ``backup list --json`` shows it."""
    items = []
    for where in locations:
        snapshots = restic.snapshots(where)
        runs = {
            run.run_id: run
            for run in BackupRun.objects.filter(
                location=where.name, run_id__in={snapshot.run_id for snapshot in snapshots}
            )
        }
        for snapshot in snapshots:
            run = runs.get(snapshot.run_id)
            part = (run.parts.get(snapshot.part, {}) if run else {}) or {}
            items.append({
                "id": snapshot.short_id,
                "run": snapshot.run_id,
                "kind": "snapshot",
                "database": snapshot.part,
                "location": where.name,
                "started_at": snapshot.time.isoformat(),
                "finished_at": run.finished_at.isoformat() if run else None,
                "size_bytes": part.get("bytes"),
                "verified": bool(run and run.verified),
            })
    if postgresql.in_use():
        items += _postgresql_backups(locations)
    return sorted(items, key=lambda item: (item["started_at"], item["location"]))


def _postgresql_backups(locations: list[restic.Location]) -> list[dict[str, Any]]:
    """The records cluster's pgBackRest backups in the locations' repositories."""
    setup = postgresql.configured_setup()
    names = {postgresql.repository_of(where.name): where.name for where in locations}
    try:
        entries = pgbackrest_status.list_backups(setup)
    except (pgbackrest.PgBackRestError, OSError) as error:
        raise BackupError(f"pgBackRest: {error}") from None
    runs = {
        run.parts["records"].get("pgbackrest"): run
        for run in BackupRun.objects.filter(ok=True, parts__has_key="records")
        if isinstance(run.parts.get("records"), dict)
    }
    items = []
    for entry in entries:
        repo = int(entry.location.removeprefix("repo"))
        if repo not in names:
            continue
        run = runs.get(entry.id)
        items.append({
            "id": entry.id,
            "run": run.run_id if run else "",
            "kind": KINDS.get(entry.kind, entry.kind),
            "database": "records",
            "location": names[repo],
            "started_at": entry.started_at.isoformat(),
            "finished_at": entry.finished_at.isoformat(),
            "size_bytes": entry.size_bytes,
            "verified": bool(run and run.verified),
        })
    return items


def verify(
    locations: list[restic.Location],
    *,
    backup: str | None = None,
    progress: Callable[[str], None] = lambda _line: None,
) -> list[str]:
    """Faults found (empty: all intact). Without ``backup``: every byte of every location is
    read and checked (``restic check --read-data``). With it: that backup's databases are read
    back and compared with the digests of what was sent."""
    faults: list[str] = []
    found = False
    for where in locations:
        try:
            if backup is None:
                progress(f"{where.name}: reading and checking every stored byte")
                restic.check(where, read_data=True)
                if postgresql.in_use():
                    progress(f"{where.name}: pgBackRest verify")
                    _verify_postgresql(where)
            else:
                found = _verify_backup(where, backup, progress, faults) or found
        except BackupError as error:
            faults.append(str(error))
    if backup is not None and not found and not faults:
        faults.append(f"no backup {backup!r} in any location")
    return faults


def _verify_postgresql(where: restic.Location) -> None:
    setup = postgresql.configured_setup()
    try:
        pgbackrest.verify(setup, repo=postgresql.repository_of(where.name))
    except (pgbackrest.PgBackRestError, OSError) as error:
        raise BackupError(f"{where.name}: pgBackRest verify: {error}") from None


def _verify_backup(
    where: restic.Location, backup: str, progress: Callable[[str], None], faults: list[str]
) -> bool:
    """Check one backup in ``where``, adding to ``faults``; whether the location holds it."""
    snapshots = [
        snapshot for snapshot in restic.snapshots(where)
        if backup in (snapshot.run_id, snapshot.short_id, snapshot.id)
    ]
    if not snapshots:
        return False
    run = BackupRun.objects.filter(location=where.name, run_id=snapshots[0].run_id).first()
    for snapshot in snapshots:
        part = (run.parts.get(snapshot.part) if run else None) or {}
        if "sha256" not in part:
            continue  # a directory of files: restic check covers it
        progress(f"{where.name}: reading back {snapshot.part} snapshot {snapshot.short_id}")
        if restic.dump_sha256(where, snapshot.id, part["filename"]) != part["sha256"]:
            faults.append(
                f"{where.name}: {snapshot.part} snapshot {snapshot.short_id} does not match "
                "what was backed up"
            )
    return True
