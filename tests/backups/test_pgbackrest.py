"""pgBackRest with two encrypted repositories (a directory, and S3 over TLS), asynchronous
WAL archiving and point-in-time recovery from each repository, against real servers.

The module builds one primary: full backups to both repositories, three groups of rows
committed at known seconds, then incremental backups. The repository-down test runs last."""

from __future__ import annotations

import dataclasses
import os
import secrets
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from strongroom.platform.backups import pgbackrest as pgbr
from strongroom.platform.backups.pgbackrest_status import archive_status, list_backups
from tests.backups import servers
from tests.backups.pgcluster import Cluster, postgres_dir, postgres_owner

pytestmark = pytest.mark.postgresql_only

MARKER = f"STRONGROOM-MARKER-{uuid.uuid4().hex[:12]}"
GROUPS = 3


@dataclass
class Primary:
    cluster: Cluster
    setup: pgbr.Setup
    home: Path
    boundaries: dict[int, datetime]  # group -> a whole second after its commit, before the next


def make_setup(base: Path, cluster: Cluster, store: servers.ObjectStore) -> pgbr.Setup:
    work = postgres_dir(base, "pgbackrest-")
    ca_file = work / "s3-ca.crt"
    shutil.copyfile(store.ca_file, ca_file)
    ca_file.chmod(0o644)
    bucket = f"pg-{uuid.uuid4().hex[:10]}"
    store.create_bucket(bucket)
    repo1 = pgbr.Repository(
        index=1, kind="posix", path=str(work / "repo1"), cipher_pass=secrets.token_urlsafe(24)
    )
    repo2 = pgbr.Repository(
        index=2, kind="s3", path="/strongroom", cipher_pass=secrets.token_urlsafe(24),
        s3_endpoint="127.0.0.1", s3_port=store.port, s3_bucket=bucket,
        s3_key=store.access_key, s3_key_secret=store.secret_key, ca_file=str(ca_file),
    )
    return pgbr.Setup(
        stanza="records", pg_data=cluster.data, pg_port=cluster.port,
        pg_socket_dir=cluster.socket_dir, repositories=(repo1, repo2),
        spool_path=work / "spool", log_path=work / "log", lock_path=work / "lock",
        config_path=work / "conf" / "pgbackrest.conf", io_timeout=10,
    )


def commit_group(cluster: Cluster, group: int) -> datetime:
    """Commit a group of rows; return the first whole second after the commit, having waited
    until it passed (so the next group commits after it)."""
    with cluster.connect(dbname="records") as conn:
        with conn.transaction():
            for row in range(3):
                conn.execute(
                    "INSERT INTO items (grp, note) VALUES (%s, %s)",
                    (group, f"{MARKER}-{group}-{row}"),
                )
        row_now = conn.execute("SELECT clock_timestamp()").fetchone()
    assert row_now is not None
    committed: datetime = row_now[0]
    boundary = committed.replace(microsecond=0) + timedelta(seconds=1)
    time.sleep(max(0.0, (boundary - datetime.now(UTC)).total_seconds()) + 0.15)
    return boundary


@pytest.fixture(scope="module")
def primary(postgres_base: Path, object_store: servers.ObjectStore) -> Iterator[Primary]:
    base = postgres_dir(postgres_base, "pitr-")
    home = postgres_dir(base, "primary-")
    cluster = Cluster(home)
    setup = make_setup(base, cluster, object_store)
    cluster = Cluster.create(home, fsync=False, settings=pgbr.postgresql_settings(setup))
    setup = dataclasses.replace(setup, pg_port=cluster.port)
    pgbr.prepare(setup)
    cluster.env = pgbr.secret_environment(setup)
    cluster.start()
    try:
        pgbr.stanza_create(setup)
        pgbr.check(setup)
        for repo in (1, 2):
            pgbr.backup(setup, repo=repo, kind="full")
        cluster.sql("CREATE DATABASE records")
        with cluster.connect(dbname="records") as conn:
            conn.execute("CREATE TABLE items (id serial PRIMARY KEY, grp int, note text)")
        boundaries = {group: commit_group(cluster, group) for group in range(1, GROUPS + 1)}
        for repo in (1, 2):
            pgbr.backup(setup, repo=repo, kind="incr")
        yield Primary(cluster, setup, home, boundaries)
    finally:
        cluster.stop()


def expected_notes(up_to_group: int) -> set[str]:
    return {f"{MARKER}-{g}-{r}" for g in range(1, up_to_group + 1) for r in range(3)}


def test_backups_are_listed_per_repository(primary: Primary) -> None:
    backups = list_backups(primary.setup)
    kinds = sorted((entry.location, entry.kind) for entry in backups)
    assert kinds == [("repo1", "full"), ("repo1", "incr"), ("repo2", "full"), ("repo2", "incr")]
    for entry in backups:
        assert entry.database == "records"
        assert entry.started_at <= entry.finished_at
        assert entry.size_bytes > 0, entry
        assert entry.stored_bytes > 0, entry
        assert entry.archive_start, entry
        assert entry.archive_start <= entry.archive_stop, entry
        assert (entry.prior is None) == (entry.kind == "full"), entry


@pytest.mark.parametrize("repo", [1, 2])
def test_verify_passes_for_each_repository(primary: Primary, repo: int) -> None:
    report = pgbr.verify(primary.setup, repo=repo)
    assert "status: ok" in report, report
    assert report.count("status: valid") == 2, report  # the full and the incremental backup


@pytest.mark.parametrize(("repo", "group"), [(1, 1), (2, 2)])
def test_point_in_time_restore_from_each_repository(
    primary: Primary, postgres_base: Path, repo: int, group: int
) -> None:
    """Restored to the second after group ``group`` committed: its rows and earlier ones are
    there, none of the later ones."""
    target = primary.boundaries[group]
    home = postgres_dir(postgres_base, f"restore-repo{repo}-")
    restored = Cluster(home, env=pgbr.secret_environment(primary.setup))
    pgbr.restore(
        primary.setup, repo=repo, target_dir=restored.data, target_time=target,
        port=restored.port,
    )
    restored.start()
    try:
        restored.wait_ready()
        with restored.connect(dbname="records") as conn:
            notes = {row[0] for row in conn.execute("SELECT note FROM items").fetchall()}
        assert notes == expected_notes(group), (
            f"restored from repo{repo} to {target}: {sorted(notes)}"
        )
        settings = dict(restored.sql("SELECT name, setting FROM pg_settings WHERE name IN "
                                     "('archive_mode', 'port')"))
        assert settings == {"archive_mode": "off", "port": str(restored.port)}
    finally:
        restored.stop()


def test_restore_refuses_the_live_or_a_used_directory(primary: Primary, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="live"):
        pgbr.restore(primary.setup, repo=1, target_dir=primary.cluster.data)
    (tmp_path / "something").write_text("x")
    with pytest.raises(ValueError, match="not empty"):
        pgbr.restore(primary.setup, repo=1, target_dir=tmp_path)


def test_repository_files_are_encrypted(primary: Primary) -> None:
    """Every file in repo1 (backups, manifests, info files, WAL) is OpenSSL-format ciphertext,
    and the marker written to the database appears in none of them, though it is in pg_wal."""
    needle = MARKER.encode()
    in_wal = [p for p in (primary.cluster.data / "pg_wal").glob("0*") if needle in p.read_bytes()]
    assert in_wal, "the marker is not in pg_wal: the check below would prove nothing"
    repo = Path(primary.setup.repository(1).path)
    files = [path for path in repo.rglob("*") if path.is_file()]
    wal = [path for path in files if "/archive/" in str(path) and path.name.startswith("0")]
    assert len(files) > 100, len(files)
    assert wal, "no archived WAL in repo1"
    plain = [str(path) for path in files if not path.read_bytes().startswith(b"Salted__")]
    assert not plain, f"files not encrypted: {plain[:10]}"
    leaks = [str(path) for path in files if needle in path.read_bytes()]
    assert not leaks, f"the marker appears in {leaks}"


def test_no_secret_in_the_configuration_or_the_logs(primary: Primary) -> None:
    """The passphrases and S3 keys live in the environment only: not in pgbackrest.conf, not
    in archive_command, not in pgBackRest's logs (which name the options they ran with)."""
    setup = primary.setup
    found = set(pgbr.secret_environment(setup).values())
    assert len(found) == 4, "two cipher passphrases and the S3 key pair"
    config = setup.config_path.read_text()
    assert "PGBACKREST" not in config
    logs = [path for path in setup.log_path.iterdir() if path.is_file()]
    assert logs, "pgBackRest wrote no log"
    places = {str(setup.config_path): config, "archive_command": pgbr.archive_command(setup)}
    places.update({str(path): path.read_text(errors="replace") for path in logs})
    leaks = [place for place, text in places.items() if any(value in text for value in found)]
    assert not leaks, f"a secret appears in {leaks}"


def test_verify_raises_on_a_damaged_repository(primary: Primary, postgres_base: Path) -> None:
    """A copy of repo1 with one archived WAL segment damaged fails verification."""
    work = postgres_dir(postgres_base, "damaged-")
    copy = work / "repo1"
    shutil.copytree(primary.setup.repository(1).path, copy)
    uid, gid = postgres_owner()
    for path in [copy, *copy.rglob("*")]:
        os.chown(path, uid, gid)
    segment = sorted(p for p in (copy / "archive").rglob("0*") if "-" in p.name)[0]
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    repo1 = dataclasses.replace(primary.setup.repository(1), path=str(copy))
    damaged = dataclasses.replace(
        primary.setup, repositories=(repo1, primary.setup.repository(2)),
        config_path=work / "conf" / "pgbackrest.conf",
    )
    pgbr.prepare(damaged)
    with pytest.raises(pgbr.PgBackRestError) as raised:
        pgbr.verify(damaged, repo=1)
    assert segment.name.split("-")[0] in str(raised.value) or "invalid" in str(raised.value)


def segment_in_repo1(setup: pgbr.Setup, segment: str) -> bool:
    archive = Path(setup.repository(1).path) / "archive" / setup.stanza
    return any(archive.glob(f"*/{segment[:16]}/{segment}-*"))


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.25)


def test_repository_two_down(primary: Primary, object_store: servers.ObjectStore) -> None:
    """With the object store stopped, a backup to repo2 fails, while WAL keeps reaching repo1,
    the archiver reports the failures, and PostgreSQL keeps committing without waiting."""
    cluster = primary.cluster
    # pgBackRest retries an unreachable store until io-timeout runs out, for every file it
    # reads: a short one keeps this test quick (the archiver reads the file on each push).
    setup = dataclasses.replace(primary.setup, io_timeout=1)
    pgbr.prepare(setup)
    object_store.stop()
    try:
        before = archive_status(setup, with_repositories=False)
        switched = []
        with cluster.connect(dbname="records") as conn:
            for round_ in range(3):
                for row in range(5):
                    begun = time.monotonic()
                    conn.execute("INSERT INTO items (grp, note) VALUES (%s, %s)",
                                 (100 + round_, f"down-{round_}-{row}"))
                    took = time.monotonic() - begun
                    assert took < 2, f"a commit took {took:.1f} s with repo2 down"
                found = conn.execute("SELECT pg_walfile_name(pg_current_wal_lsn())").fetchone()
                assert found is not None
                switched.append(found[0])
                conn.execute("SELECT pg_switch_wal()")
        started = time.monotonic()
        with pytest.raises(pgbr.PgBackRestError) as raised:
            pgbr.backup(setup, repo=2, kind="incr")
        assert raised.value.returncode != 0
        failed_after = time.monotonic() - started
        for segment in switched:
            wait_until(partial(segment_in_repo1, setup, segment), 90, f"{segment} in repo1")
            print(f"{segment} in repo1 after {time.monotonic() - started:.1f} s")
        wait_until(
            lambda: archive_status(setup, with_repositories=False).failed_count
            > before.failed_count, 60, "the archiver reports a failure",
        )
        status = archive_status(setup)
        assert status.last_failed_wal is not None, status
        assert status.ready_segments >= 1, status
        assert (status.repository_max_wal.get(1) or "") >= switched[-1], status
        assert 2 in status.repository_errors or status.async_error, status
        print(f"repo2 backup failed after {failed_after:.1f} s; {status}")
    finally:
        servers.restart(object_store)
        pgbr.prepare(primary.setup)
