"""The status history: a small SQLite file of its own (never the records database).

One row per probe per component (time, component, up or down, latency), kept for
``KEEP_DAYS`` (the 90 days the page shows, and a margin), with a count per component and UTC
day kept beside them as each row is written, so that the page, rewritten every minute, reads
a few hundred rows rather than every probe; incidents, automatic and operator-written, with
their public updates. Times are whole seconds since the epoch, UTC.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from strongroom.platform.status.probe import Observation

DAY = 86400
SHOWN_DAYS = 90
KEEP_DAYS = SHOWN_DAYS + 10

SCHEMA = """
CREATE TABLE IF NOT EXISTS probes (
    at INTEGER NOT NULL, component TEXT NOT NULL, up INTEGER NOT NULL, latency_ms INTEGER
);
CREATE INDEX IF NOT EXISTS probes_at ON probes (at);
CREATE TABLE IF NOT EXISTS daily (
    component TEXT NOT NULL, day TEXT NOT NULL, probes INTEGER NOT NULL, ups INTEGER NOT NULL,
    PRIMARY KEY (component, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS incidents (
    id INTEGER PRIMARY KEY, automatic INTEGER NOT NULL, title TEXT NOT NULL,
    components TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER
);
CREATE TABLE IF NOT EXISTS incident_updates (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at INTEGER NOT NULL, state TEXT NOT NULL, message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_updates_incident ON incident_updates (incident_id, at);
"""


@contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    """The history at ``path`` (created if missing), in one transaction: committed when the
    block ends, rolled back if it raises. Writers wait for each other up to 10 s."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=10)) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript(SCHEMA)
        with connection:
            yield connection


def record_probes(
    connection: sqlite3.Connection, *, at: int, observations: Iterable[Observation]
) -> None:
    """One row per observation, at ``at``, counted in its component's day."""
    rows = [(at, o.component, int(o.up), o.latency_ms) for o in observations]
    connection.executemany(
        "INSERT INTO probes (at, component, up, latency_ms) VALUES (?, ?, ?, ?)", rows
    )
    connection.executemany(
        "INSERT INTO daily (component, day, probes, ups) VALUES (?, date(?, 'unixepoch'), 1, ?) "
        "ON CONFLICT (component, day) DO UPDATE SET "
        "probes = probes + 1, ups = ups + excluded.ups",
        [(component, moment, up) for moment, component, up, _ in rows],
    )


def prune(connection: sqlite3.Connection, *, now: int) -> int:
    """Drop probes and resolved incidents older than ``KEEP_DAYS``; how many probe rows went."""
    cutoff = now - KEEP_DAYS * DAY
    gone = connection.execute("DELETE FROM probes WHERE at < ?", (cutoff,)).rowcount
    connection.execute("DELETE FROM daily WHERE day < date(?, 'unixepoch')", (cutoff,))
    connection.execute(
        "DELETE FROM incidents WHERE ended_at IS NOT NULL AND ended_at < ?", (cutoff,)
    )
    return gone


@dataclass(frozen=True)
class LastRun:
    """The most recent probe run: its time and each component's (up, latency_ms)."""

    at: int
    components: dict[str, tuple[bool, int | None]]


def last_run(connection: sqlite3.Connection) -> LastRun | None:
    row = connection.execute("SELECT max(at) FROM probes").fetchone()
    if row is None or row[0] is None:
        return None
    at = int(row[0])
    rows = connection.execute(
        "SELECT component, up, latency_ms FROM probes WHERE at = ?", (at,)
    ).fetchall()
    return LastRun(at, {name: (bool(up), latency) for name, up, latency in rows})


def daily_counts(
    connection: sqlite3.Connection, *, since: int
) -> dict[str, dict[str, tuple[int, int]]]:
    """Component -> UTC day (YYYY-MM-DD) -> (probes, probes up), from the day of ``since``."""
    found: dict[str, dict[str, tuple[int, int]]] = {}
    for component, day, probes, ups in connection.execute(
        "SELECT component, day, probes, ups FROM daily WHERE day >= date(?, 'unixepoch')",
        (since,),
    ):
        found.setdefault(component, {})[day] = (int(probes), int(ups))
    return found


# -- incidents -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Update:
    at: int
    state: str
    message: str


@dataclass(frozen=True)
class Incident:
    id: int
    automatic: bool
    title: str
    components: tuple[str, ...]
    started_at: int
    ended_at: int | None
    updates: tuple[Update, ...]

    @property
    def state(self) -> str:
        return self.updates[-1].state if self.updates else "investigating"


def insert_incident(
    connection: sqlite3.Connection, *, automatic: bool, title: str,
    components: Iterable[str], at: int,
) -> int:
    cursor = connection.execute(
        "INSERT INTO incidents (automatic, title, components, started_at) VALUES (?, ?, ?, ?)",
        (int(automatic), title, _joined(components), at),
    )
    return int(cursor.lastrowid or 0)


def add_update(
    connection: sqlite3.Connection, *, incident_id: int, at: int, state: str, message: str
) -> None:
    connection.execute(
        "INSERT INTO incident_updates (incident_id, at, state, message) VALUES (?, ?, ?, ?)",
        (incident_id, at, state, message),
    )
    if state == "resolved":
        connection.execute(
            "UPDATE incidents SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
            (at, incident_id),
        )


def set_components(
    connection: sqlite3.Connection, *, incident_id: int, title: str, components: Iterable[str]
) -> None:
    connection.execute(
        "UPDATE incidents SET title = ?, components = ? WHERE id = ?",
        (title, _joined(components), incident_id),
    )


def incidents(
    connection: sqlite3.Connection, *, ended_since: int | None = None,
    automatic: bool | None = None, incident_id: int | None = None, open_only: bool = False,
) -> list[Incident]:
    """Open incidents and those ended since ``ended_since`` (all, without it), newest first."""
    where, params = ["1 = 1"], []
    if open_only:
        where.append("ended_at IS NULL")
    if ended_since is not None:
        where.append("(ended_at IS NULL OR ended_at >= ?)")
        params.append(ended_since)
    if automatic is not None:
        where.append("automatic = ?")
        params.append(int(automatic))
    if incident_id is not None:
        where.append("id = ?")
        params.append(incident_id)
    rows = connection.execute(
        "SELECT id, automatic, title, components, started_at, ended_at FROM incidents "  # noqa: S608 - fixed clauses
        f"WHERE {' AND '.join(where)} ORDER BY started_at DESC, id DESC",
        params,
    ).fetchall()
    found = []
    for ident, auto, title, components, started, ended in rows:
        updates = tuple(
            Update(int(at), state, message) for at, state, message in connection.execute(
                "SELECT at, state, message FROM incident_updates WHERE incident_id = ? "
                "ORDER BY at, rowid", (ident,),
            )
        )
        found.append(Incident(
            int(ident), bool(auto), title, tuple(c for c in components.split("\n") if c),
            int(started), None if ended is None else int(ended), updates,
        ))
    return found


def _joined(components: Iterable[str]) -> str:
    return "\n".join(dict.fromkeys(components))
