"""Restoring a backup into a new data directory (SQLite installations; docs/backups.md).

A restore picks the records snapshot (by run id, snapshot id or point in time) and pairs it
with a key-store snapshot: the one of the same run while it is kept, otherwise the oldest one
taken after it. Key-store snapshots are kept only a short time, so a records backup older
than that is restored with keys from after it: whatever was erased or terminated in between
stays unreadable (P-D6, P-C4).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from strongroom.platform.backups import restic
from strongroom.platform.backups.errors import BackupError

RECORDS_FILE = "strongroom.sqlite3"
KEYS_FILE = "keys.sqlite3"


@dataclass
class Restored:
    """What a restore wrote, and how long it took."""

    location: str
    run_id: str
    records: restic.Snapshot
    keys: restic.Snapshot
    files: restic.Snapshot | None
    target: Path
    seconds: float = 0.0
    sha256: dict[str, str] = field(default_factory=dict)
    size_bytes: int = 0

    def lines(self) -> list[str]:
        files = self.files.short_id if self.files else "none"
        return [
            f"Restored backup {self.run_id} from {self.location} "
            f"(taken {self.records.time:%Y-%m-%d %H:%M:%S} UTC) into {self.target}:",
            f"  records   snapshot {self.records.short_id} -> {self.target / RECORDS_FILE}",
            f"  key store snapshot {self.keys.short_id} "
            f"(taken {self.keys.time:%Y-%m-%d %H:%M:%S} UTC) -> {self.target / KEYS_FILE}",
            f"  files     snapshot {files} -> {self.target / 'files'}",
            f"  {self.size_bytes} bytes in {self.seconds:.1f} s",
        ]


def choose(
    snapshots: list[restic.Snapshot], *, backup: str | None, at: datetime | None
) -> tuple[restic.Snapshot, restic.Snapshot, restic.Snapshot | None]:
    """(records, keys, files) snapshots for a run/snapshot id or the latest at ``at``."""
    records = [snapshot for snapshot in snapshots if snapshot.part == "records"]
    if backup:
        chosen = [
            snapshot for snapshot in records
            if backup in (snapshot.run_id, snapshot.short_id, snapshot.id)
            or (len(backup) >= 8 and snapshot.id.startswith(backup))
        ]
        if not chosen:
            raise BackupError(f"no records backup {backup!r} in this location")
    else:
        chosen = [snapshot for snapshot in records if at is None or snapshot.time <= at]
        if not chosen:
            raise BackupError(f"no records backup taken at or before {at:%Y-%m-%d %H:%M:%S}")
    record_snapshot = chosen[-1]
    return (
        record_snapshot,
        _partner(snapshots, record_snapshot, "keys", required=True),  # type: ignore[return-value]
        _partner(snapshots, record_snapshot, "files", required=False),
    )


def _partner(
    snapshots: list[restic.Snapshot], records: restic.Snapshot, part: str, *, required: bool
) -> restic.Snapshot | None:
    candidates = [snapshot for snapshot in snapshots if snapshot.part == part]
    same_run = [snapshot for snapshot in candidates if snapshot.run_id == records.run_id]
    later = [snapshot for snapshot in candidates if snapshot.time >= records.time]
    found = same_run[-1] if same_run else (later[0] if later else None)
    if found is None and required:
        raise BackupError(f"no {part} backup taken with or after {records.short_id}")
    return found


def prepare_target(target: Path, *, force: bool) -> None:
    """A new or empty directory; a used one (a live installation) only with ``force``."""
    if target.exists() and any(target.iterdir()) and not force:
        raise BackupError(
            f"{target} is not empty: restore into a new directory, or pass --force to "
            "overwrite the installation there"
        )
    target.mkdir(parents=True, exist_ok=True)
    os.chmod(target, 0o700)


def restore_sqlite(
    where: restic.Location,
    *,
    target: Path,
    backup: str | None = None,
    at: datetime | None = None,
    force: bool = False,
) -> Restored:
    """Restore records, key store and files from ``where`` into ``target``."""
    started = time.monotonic()
    records, keys, files = choose(restic.snapshots(where), backup=backup, at=at)
    prepare_target(target, force=force)
    result = Restored(where.name, records.run_id, records, keys, files, target)
    for snapshot, name in ((records, RECORDS_FILE), (keys, KEYS_FILE)):
        path = target / name
        for suffix in ("-wal", "-shm"):  # a forced restore must not meet the old journal
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        source = "/records.sqlite3" if snapshot is records else "/keys.sqlite3"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as output:
            restic.dump(where, snapshot.id, source, output)
        result.sha256[snapshot.part] = _sha256(path)
        result.size_bytes += path.stat().st_size
    if files is not None:
        result.size_bytes += _restore_tree(where, files, target / "files")
    result.seconds = time.monotonic() - started
    return result


def _restore_tree(where: restic.Location, snapshot: restic.Snapshot, destination: Path) -> int:
    """Restore a directory snapshot as ``destination`` (restic writes absolute paths)."""
    scratch = Path(tempfile.mkdtemp(prefix=".restore-", dir=destination.parent))
    try:
        restic.restore(where, snapshot.id, scratch)
        restored = scratch / snapshot.paths[0].lstrip("/")
        if destination.exists():
            shutil.rmtree(destination)
        shutil.move(str(restored), destination)
        return sum(path.stat().st_size for path in destination.rglob("*") if path.is_file())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
