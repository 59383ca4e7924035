"""No data loss with a synchronous standby (P-F2): every commit the primary acknowledged is
on the standby after the primary's postmaster is killed with SIGKILL and the standby promoted.

Durability is the point here: both clusters keep fsync on."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.backups.pgcluster import (
    SYNC_STANDBY,
    Cluster,
    postgres_dir,
    synchronous_pair,
    wait_for_sync,
)

pytestmark = pytest.mark.postgresql_only

@pytest.fixture
def pair(postgres_base: Path) -> Iterator[tuple[Cluster, Cluster]]:
    """A primary that waits for ``standby1`` on every commit, and that standby, streaming."""
    with synchronous_pair(postgres_dir(postgres_base, "sync-")) as (primary, standby):
        # Only now: with no standby connected, this commit would wait for one forever.
        primary.sql("CREATE TABLE acked (id bigint PRIMARY KEY, payload text)")
        yield primary, standby


def test_pg_basebackup_leaves_out_the_application_name(pair: tuple[Cluster, Cluster]) -> None:
    """``pg_basebackup -R`` writes primary_conninfo without application_name, so the standby
    would connect as "walreceiver" and never match synchronous_standby_names: we add it."""
    _primary, standby = pair
    assert "primary_conninfo" in standby.basebackup_conninfo
    assert "application_name" not in standby.basebackup_conninfo
    assert f"application_name={SYNC_STANDBY}" in standby.written_conninfo().splitlines()[-1]


def test_every_acknowledged_commit_survives_a_primary_crash(
    pair: tuple[Cluster, Cluster],
) -> None:
    primary, standby = pair
    assert wait_for_sync(primary) == [(SYNC_STANDBY, "streaming", "sync")]
    assert primary.sql("SHOW synchronous_commit") == [("on",)]
    assert primary.sql("SHOW fsync") == [("on",)]

    acknowledged: list[int] = []
    attempted: list[int] = []
    failure: list[BaseException] = []
    stop = threading.Event()

    def writer() -> None:
        """One transaction per row (autocommit); an id counts only once COMMIT returned."""
        try:
            with primary.connect() as conn:
                next_id = 1
                while not stop.is_set():
                    attempted.append(next_id)
                    conn.execute(
                        "INSERT INTO acked (id, payload) VALUES (%s, %s)",
                        (next_id, f"row {next_id}"),
                    )
                    acknowledged.append(next_id)
                    next_id += 1
        except psycopg.Error as exc:  # the primary died under us: expected
            failure.append(exc)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 300 and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(acknowledged) >= 300, f"the writer stalled: {len(acknowledged)} {failure}"
    primary.kill9()  # mid-stream: the writer is still committing
    thread.join(timeout=60)
    stop.set()
    assert not thread.is_alive(), "the writer never noticed the primary's death"
    assert failure, "the writer ended without an error: was the primary really killed?"

    standby.promote()
    standby.wait_ready()
    present = {row[0] for row in standby.sql("SELECT id FROM acked")}
    missing = sorted(set(acknowledged) - present)
    unacknowledged_present = len(present - set(acknowledged))
    assert not missing, (
        f"{len(missing)} of {len(acknowledged)} acknowledged commits missing on the promoted "
        f"standby (first: {missing[:10]}); {len(attempted)} attempted, {len(present)} present"
    )
    # At most the one commit in flight when the primary died can be there unacknowledged.
    assert unacknowledged_present <= 1, (len(acknowledged), len(present))
    assert standby.sql("SELECT pg_is_in_recovery()") == [(False,)]
