"""What pgBackRest and PostgreSQL say about backups and WAL archiving: ``pgbackrest info``
parsed into backups per repository, and the archiver's progress and failures."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from strongroom.platform.backups.pgbackrest import Setup, run


@dataclass(frozen=True)
class BackupEntry:
    """One backup in one repository."""

    id: str
    kind: str
    database: str
    location: str
    started_at: datetime
    finished_at: datetime
    size_bytes: int
    stored_bytes: int
    archive_start: str
    archive_stop: str
    prior: str | None = None


@dataclass(frozen=True)
class ArchiveStatus:
    """WAL archiving as PostgreSQL's archiver and pgBackRest's repositories see it.

    ``ready_segments`` is the lag: segments PostgreSQL has finished but not yet had
    acknowledged by archive_command. ``repository_max_wal`` is the newest segment in each
    repository's archive; ``repository_errors`` holds a repository's error, if any; and
    ``async_error`` is the last error the asynchronous archive-push left in the spool."""

    current_wal: str
    archived_count: int
    last_archived_wal: str | None
    last_archived_time: datetime | None
    failed_count: int
    last_failed_wal: str | None
    last_failed_time: datetime | None
    ready_segments: int
    repository_max_wal: dict[int, str | None] = field(default_factory=dict)
    repository_errors: dict[int, str] = field(default_factory=dict)
    async_error: str | None = None


def info(setup: Setup, *, repo: int | None = None) -> dict[str, Any]:
    """``pgbackrest info --output=json`` for the setup's stanza, parsed."""
    options = ["--output=json"] + ([f"--repo={repo}"] if repo is not None else [])
    done = run(setup, "info", options)
    stanzas = json.loads(done.stdout)
    for stanza in stanzas:
        if stanza.get("name") == setup.stanza:
            return dict(stanza)
    return {"name": setup.stanza, "backup": [], "archive": [], "repo": [], "status": None}


def _moment(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def list_backups(setup: Setup, *, stanza_info: dict[str, Any] | None = None) -> list[BackupEntry]:
    """Every backup in every repository, oldest first."""
    data = stanza_info if stanza_info is not None else info(setup)
    entries = []
    for item in data.get("backup", []):
        sizes = item.get("info", {})
        archive = item.get("archive") or {}
        entries.append(
            BackupEntry(
                id=item["label"],
                kind=item["type"],
                database=setup.database,
                location=f"repo{item['database']['repo-key']}",
                started_at=_moment(item["timestamp"]["start"]),
                finished_at=_moment(item["timestamp"]["stop"]),
                size_bytes=int(sizes.get("size", 0)),
                stored_bytes=int(sizes.get("repository", {}).get("delta", 0)),
                archive_start=archive.get("start") or "",
                archive_stop=archive.get("stop") or "",
                prior=item.get("prior"),
            )
        )
    return sorted(entries, key=lambda entry: (entry.started_at, entry.location))


def repository_state(stanza_info: dict[str, Any]) -> tuple[dict[int, str | None], dict[int, str]]:
    """From ``info``: each repository's newest archived WAL segment, and its error if any."""
    newest: dict[int, str | None] = {}
    errors: dict[int, str] = {}
    for repo in stanza_info.get("repo", []):
        key = int(repo["key"])
        newest.setdefault(key, None)
        status = repo.get("status") or {}
        if status.get("code", 0) != 0:
            errors[key] = str(status.get("message", ""))
    for archive in stanza_info.get("archive", []):
        key = int(archive["database"]["repo-key"])
        high = archive.get("max")
        if high and (newest.get(key) is None or high[-24:] > (newest[key] or "")[-24:]):
            newest[key] = high
    return newest, errors


def last_async_error(setup: Setup) -> str | None:
    """The newest error the asynchronous archive-push left in the spool, if any."""
    out = Path(setup.spool_path) / "archive" / setup.stanza / "out"
    try:
        errors = sorted(out.glob("*.error"), key=lambda path: path.stat().st_mtime)
    except OSError:
        return None
    for path in reversed(errors):
        try:
            text = path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue
        return f"{path.stem}: {' '.join(text.splitlines())}"
    return None


ARCHIVER_QUERY = """
SELECT pg_walfile_name(pg_current_wal_lsn()), archived_count, last_archived_wal,
       last_archived_time, failed_count, last_failed_wal, last_failed_time,
       (SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready')
FROM pg_stat_archiver
"""


def archive_status(setup: Setup, *, with_repositories: bool = True) -> ArchiveStatus:
    """The WAL archive's progress: pg_stat_archiver over SQL, the segments still waiting,
    and (``with_repositories``) each repository's newest segment from ``pgbackrest info``."""
    with psycopg.connect(
        host=setup.pg_host, port=setup.pg_port, user=setup.pg_user, dbname="postgres",
        autocommit=True, connect_timeout=10,
    ) as conn:
        row = conn.execute(ARCHIVER_QUERY).fetchone()
    if row is None:  # pg_stat_archiver always has its one row
        raise RuntimeError("pg_stat_archiver returned no row")
    newest: dict[int, str | None] = {}
    errors: dict[int, str] = {}
    if with_repositories:
        newest, errors = repository_state(info(setup))
    return ArchiveStatus(
        current_wal=row[0], archived_count=row[1], last_archived_wal=row[2],
        last_archived_time=row[3], failed_count=row[4], last_failed_wal=row[5],
        last_failed_time=row[6], ready_segments=int(row[7]),
        repository_max_wal=newest, repository_errors=errors,
        async_error=last_async_error(setup),
    )
