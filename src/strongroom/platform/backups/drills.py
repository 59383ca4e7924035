"""Restore drills (P-F3): prove, by doing it, that each location's latest backup restores.

A drill restores the latest good backup of a location into a throwaway directory and checks:

- ``digest``: the restored records database is byte for byte what the backup sent;
- ``audit``: ``strongroom audit verify`` passes on the restored copy (hash chains, signatures);
- ``checkpoint``: every chain of the restored copy reaches the last signed checkpoint taken
  before the backup started, so a backup that silently lost data is caught;
- ``counts``: the rows of every company, per table, are those counted when the backup was
  taken.

The outcome, the restore time and the recovery point are recorded; a failure alerts operators.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.backups import pgdrill, postgresql, restic, sources
from strongroom.platform.backups.actions import record_drill_run
from strongroom.platform.backups.errors import BackupError
from strongroom.platform.backups.models import BackupRun, DrillRun
from strongroom.platform.backups.restore import KEYS_FILE, RECORDS_FILE, Restored, restore_sqlite
from strongroom.platform.history.models import AccessRead, AuditEvent, Checkpoint
from strongroom.platform.jobs.alerts import alert_operators

AUDIT_TIMEOUT = 3600


def latest_good_run(location: str) -> BackupRun | None:
    return (
        BackupRun.objects.filter(location=location, ok=True, parts__has_key="records")
        .order_by("-started_at").first()
    )


def run_drills(actor: Actor, *, only: str | None = None) -> list[DrillRun]:
    """A drill of every location (or the one named ``only``)."""
    locations = [restic.location(only)] if only else restic.configured_locations()
    return [drill(actor, where) for where in locations]


def drill(actor: Actor, where: restic.Location, *, run: BackupRun | None = None) -> DrillRun:
    """Restore ``run`` (default: the latest good backup of ``where``) and check it."""
    started = timezone.now()
    run = run or latest_good_run(where.name)
    checks: dict[str, str] = {}
    seconds = 0.0
    try:
        if run is None:
            raise BackupError(f"{where.name} has no good backup to drill")
        if postgresql.in_use():
            seconds, failures = pgdrill.drill(where.name, run, checks, audit=audit_verify,
                                              reached=checkpoints_reached)
        else:
            seconds, failures = _drill_sqlite(where, run, checks)
        error = "; ".join(failures)
    except BackupError as exc:
        error = str(exc)
    result = record_drill_run(
        actor=actor, location=where.name, backup=run, started_at=started,
        finished_at=timezone.now(), checks=checks, error=error, restore_seconds=seconds,
    )
    if error:
        alert_operators(
            f"Restore drill of {where.name} failed",
            f"The restore drill of backup location {where.name} failed at "
            f"{result.finished_at:%Y-%m-%d %H:%M} UTC:\n\n{error}\n\n"
            "A backup that cannot be restored is not a backup: run `strongroom backup status` "
            "and `strongroom backup verify` on the server.",
        )
    return result


def _drill_sqlite(
    where: restic.Location, run: BackupRun, checks: dict[str, str]
) -> tuple[float, list[str]]:
    scratch = Path(tempfile.mkdtemp(prefix="drill-", dir=_scratch_parent()))
    try:
        restored = restore_sqlite(
            where, target=scratch / "data", backup=run.parts["records"]["snapshot"], force=True
        )
        return restored.seconds, _check(run, restored, checks)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _scratch_parent() -> Path:
    parent = Path(settings.DATA_DIR) / "drills"
    parent.mkdir(parents=True, exist_ok=True)
    os.chmod(parent, 0o700)
    return parent


def _check(run: BackupRun, restored: Restored, checks: dict[str, str]) -> list[str]:
    failures = []
    expected = run.parts["records"].get("sha256", "")
    if restored.sha256.get("records") == expected:
        checks["digest"] = "ok"
    else:
        checks["digest"] = "the restored records differ from what the backup sent"
        failures.append(checks["digest"])
    records = restored.target / RECORDS_FILE
    for name, outcome in (
        ("audit", audit_verify({
            "STRONGROOM_DATABASE_URL": f"sqlite:///{records}",
            "STRONGROOM_KEYS_DATABASE_URL": f"sqlite:///{restored.target / KEYS_FILE}",
            "STRONGROOM_FILES_DIR": str(restored.target / "files"),
        })),
        ("checkpoint", checkpoints_reached(run, _sqlite_entry_hash(records))),
        ("counts", _counts_match(run, restored.target / RECORDS_FILE)),
    ):
        checks[name] = outcome or "ok"
        if outcome:
            failures.append(f"{name}: {outcome}")
    return failures


def audit_verify(databases: dict[str, str]) -> str:
    """``strongroom audit seal`` and ``audit verify`` on a restored copy (``databases``: the
    variables that point at it), in processes of their own; "" when it passes."""
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("STRONGROOM_KEYS_DATABASE_URL", "STRONGROOM_FILES_DIR")
    } | databases
    # A backup may hold reads that were still waiting for the sealer when it was taken: seal
    # them as the worker would have, or verify would (rightly) call them overdue.
    for step in (["seal"], ["verify", "--quiet"]):
        result = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
            [sys.executable, "-m", "strongroom.project.cli", "audit", *step],
            capture_output=True, text=True, env=environment, timeout=AUDIT_TIMEOUT, check=False,
        )
        if result.returncode != 0:
            break
    if result.returncode == 0:
        return ""
    lines = (result.stdout + result.stderr).strip().splitlines()
    return "audit verify failed: " + " / ".join(lines[-3:])


EntryHash = Callable[[str, int], "str | None"]


def _sqlite_entry_hash(records: Path) -> EntryHash:
    def entry_hash(chain: str, sequence: int) -> str | None:
        table = (AccessRead if chain.startswith("a") else AuditEvent)._meta.db_table
        connection = sqlite3.connect(f"file:{records}?mode=ro", uri=True)
        try:
            row = connection.execute(
                f'SELECT entry_hash FROM "{table}" WHERE chain_key = ? AND sequence = ?',  # noqa: S608
                (chain, sequence),
            ).fetchone()
        finally:
            connection.close()
        return None if row is None else str(row[0])

    return entry_hash


def checkpoints_reached(run: BackupRun, entry_hash: EntryHash) -> str:
    """Every chain's last checkpoint signed before the backup is in the restored copy, with the
    same head hash ("" when so)."""
    latest = (
        Checkpoint.objects.filter(signed_at__lte=run.started_at)
        .values("chain_key").annotate(size=Max("size"))
    )
    missing = []
    for row in latest:
        chain, size = row["chain_key"], row["size"]
        head = Checkpoint.objects.filter(chain_key=chain, size=size).values_list(
            "head_hash", flat=True
        ).first()
        if entry_hash(chain, size) != head:
            missing.append(f"{chain}@{size}")
    if missing:
        return f"the restored history stops before checkpoint(s) {', '.join(sorted(missing)[:5])}"
    return ""


def _counts_match(run: BackupRun, records: Path) -> str:
    connection = sqlite3.connect(f"file:{records}?mode=ro", uri=True)
    try:
        restored = sources.count_rows(connection, sources.company_tables())
    finally:
        connection.close()
    differing = sorted(
        table for table in set(run.counts) | set(restored)
        if run.counts.get(table, {}) != restored.get(table, {})
    )
    if differing:
        return f"record counts differ from the backup's in {', '.join(differing[:5])}"
    return ""
