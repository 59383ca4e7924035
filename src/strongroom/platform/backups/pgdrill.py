"""Restore drills of the records cluster on PostgreSQL (P-F3): pgBackRest restores the backup
and the WAL archived after it into a throwaway cluster, started on 127.0.0.1 as the PostgreSQL
OS user; the drill's checks run against it; it is stopped and removed."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings

from strongroom.platform.backups import pgbackrest, postgresql
from strongroom.platform.backups.errors import BackupError
from strongroom.platform.backups.models import BackupRun
from strongroom.platform.backups.ports import free_port
from strongroom.platform.history.models import AccessRead, AuditEvent

START_SECONDS = 300
PATH = os.environ.get("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin"  # runuser is in sbin


def _binary(data: Path, name: str) -> str:
    version = (data / "PG_VERSION").read_text().strip()
    found = glob.glob(f"/usr/lib/postgresql/{version}/bin/{name}")
    if not found:
        raise BackupError(f"no PostgreSQL {version} {name} on this machine for the drill")
    return found[0]


def _as(setup: pgbackrest.Setup, argv: list[str]) -> list[str]:
    return ["runuser", "-u", setup.os_user, "--", *argv] if os.geteuid() == 0 else argv


def _scratch(setup: pgbackrest.Setup) -> Path:
    parent = Path(settings.STRONGROOM_PGBACKREST_DIR) / "drills"
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = Path(tempfile.mkdtemp(prefix="drill-", dir=parent))
    if os.geteuid() == 0:
        entry = pwd.getpwnam(setup.os_user)
        for owned in (parent, path):
            os.chown(owned, entry.pw_uid, entry.pw_gid)
    return path


def drill(
    location: str,
    run: BackupRun,
    checks: dict[str, str],
    *,
    audit: Callable[[dict[str, str]], str],
    reached: Callable[[BackupRun, Callable[[str, int], str | None]], str],
) -> tuple[float, list[str]]:
    """Restore ``run``'s backup in ``location`` with the WAL after it, and check the copy:
    (restore seconds, failures)."""
    setup = postgresql.configured_setup()
    label = run.parts.get("records", {}).get("pgbackrest")
    if not label:
        raise BackupError(f"backup run {run.run_id} has no pgBackRest backup to drill")
    scratch = _scratch(setup)
    data, port = scratch / "data", free_port()
    started = time.monotonic()
    try:
        try:
            pgbackrest.restore(
                setup, repo=postgresql.repository_of(location), target_dir=data,
                backup_label=label, port=port,
                settings={
                    "listen_addresses": "127.0.0.1", "unix_socket_directories": str(scratch),
                    "synchronous_standby_names": "",  # no standby waits on a throwaway copy
                },
            )
        except (pgbackrest.PgBackRestError, OSError, ValueError) as error:
            raise BackupError(f"{location}: pgBackRest restore: {error}") from None
        try:
            _start(setup, data, scratch)
        except OSError as error:
            raise BackupError(f"the restored cluster could not be started: {error}") from None
        seconds = time.monotonic() - started
        checks["digest"] = "pgBackRest verify at backup time"
        database = settings.DATABASES["default"]
        url = (
            f"postgres://{database.get('USER') or 'postgres'}@127.0.0.1:{port}/{database['NAME']}"
        )
        failures = []
        for name, outcome in (
            ("audit", audit({"STRONGROOM_DATABASE_URL": url})),
            ("checkpoint", reached(run, _entry_hash(port, database))),
        ):
            checks[name] = outcome or "ok"
            if outcome:
                failures.append(f"{name}: {outcome}")
        checks["counts"] = "not compared: the drill replays the WAL archived after the backup"
        return seconds, failures
    finally:
        _stop(setup, data)
        shutil.rmtree(scratch, ignore_errors=True)


def _start(setup: pgbackrest.Setup, data: Path, scratch: Path) -> None:
    done = subprocess.run(  # noqa: S603 - fixed binary, arguments as a list
        _as(setup, [_binary(data, "pg_ctl"), "-D", str(data), "-l", str(scratch / "server.log"),
                    "-w", "-t", str(START_SECONDS), "start"]),
        capture_output=True, text=True,
        # its restore_command fetches WAL through pgBackRest, which needs the passphrases
        env={"PATH": PATH, "LC_ALL": "C.UTF-8", **pgbackrest.secret_environment(setup)},
        timeout=START_SECONDS + 30, check=False, cwd="/",
    )
    if done.returncode != 0:
        log = (scratch / "server.log")
        text = log.read_text(errors="replace") if log.exists() else done.stderr
        tail = " / ".join(line for line in text.splitlines() if "FATAL" in line)[-800:]
        raise BackupError(f"the restored cluster did not start: {tail}")


def _stop(setup: pgbackrest.Setup, data: Path) -> None:
    if (data / "postmaster.pid").exists():
        subprocess.run(  # noqa: S603 - fixed binary, arguments as a list
            _as(setup, [_binary(data, "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                        "stop"]),
            capture_output=True, timeout=120, check=False, cwd="/",
            env={"PATH": PATH, "LC_ALL": "C.UTF-8"},
        )


def _entry_hash(port: int, database: dict[str, Any]) -> Callable[[str, int], str | None]:
    def entry_hash(chain: str, sequence: int) -> str | None:
        table = (AccessRead if chain.startswith("a") else AuditEvent)._meta.db_table
        with psycopg.connect(
            host="127.0.0.1", port=port, user=str(database.get("USER") or "postgres"),
            password=str(database.get("PASSWORD") or ""), dbname=str(database["NAME"]),
            connect_timeout=10,
        ) as connection:
            row = connection.execute(
                f'SELECT entry_hash FROM "{table}" WHERE chain_key = %s AND sequence = %s',  # noqa: S608
                (chain, sequence),
            ).fetchone()
        return None if row is None else str(row[0])

    return entry_hash
