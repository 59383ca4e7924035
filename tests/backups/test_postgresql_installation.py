"""A Strongroom installation on PostgreSQL backs its records up with pgBackRest, one encrypted
repository per location, archives WAL continuously, and restores to a chosen second, all
through the operator's ``strongroom backup`` commands (P-F1, P-F2)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.backups.installation import PASSPHRASE, Installation
from tests.backups.pgcluster import Cluster, postgres_dir

pytestmark = pytest.mark.postgresql_only


@dataclass
class Site:
    installation: Installation
    cluster: Cluster
    base: Path


@pytest.fixture(scope="module")
def site(postgres_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    base = postgres_dir(postgres_base, "site-")
    home = postgres_dir(base, "primary-")
    cluster = Cluster(home)
    root = tmp_path_factory.mktemp("pg-installation")
    installation = Installation(
        data_dir=root / "data",
        locations={"local": str(root / "restic-local"), "second": str(root / "restic-second")},
        extra_env={
            "STRONGROOM_DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/strongroom",
            "STRONGROOM_PGBACKREST_REPOSITORIES": f"posix:{base}/repo1,posix:{base}/repo2",
            "STRONGROOM_PGBACKREST_PG_DATA": str(cluster.data),
            "STRONGROOM_PGBACKREST_PG_SOCKET_DIR": str(cluster.socket_dir),
            "STRONGROOM_PGBACKREST_DIR": str(base / "pgbackrest"),
        },
    )
    printed = installation.run("backup", "pgbackrest-config").stdout
    settings = dict(
        line.split(" = ", 1) for line in printed.splitlines() if " = " in line
        and not line.startswith("#")
    )
    assert "archive-push %p" in settings["archive_command"]
    created = Cluster.create(
        home, fsync=False, settings={key: value.strip("'") for key, value in settings.items()}
    )
    created.port = cluster.port
    created.env = {
        "PGBACKREST_REPO1_CIPHER_PASS": PASSPHRASE, "PGBACKREST_REPO2_CIPHER_PASS": PASSPHRASE,
    }
    created.start()
    try:
        created.sql("CREATE DATABASE strongroom")
        installation.run("migrate", "--no-input")
        installation.run("demo")
        yield Site(installation, created, base)
    finally:
        created.stop()


def archived(cluster: Cluster) -> None:
    """Close the current WAL segment and wait until PostgreSQL has handed it to pgBackRest."""
    (segment,) = cluster.sql("SELECT pg_walfile_name(pg_switch_wal())")[0]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        (last,) = cluster.sql("SELECT last_archived_wal FROM pg_stat_archiver")[0]
        if last is not None and last >= segment:
            return
        time.sleep(0.5)
    raise AssertionError(f"WAL segment {segment} was not archived within 60 s")


def test_backup_run_backs_the_cluster_up_to_each_repository_and_lists_it(site: Site) -> None:
    result = site.installation.run("backup", "run")
    assert "local: backup" in result.stdout
    assert "second: backup" in result.stdout
    records = [
        item for item in site.installation.backups() if item["database"] == "records"
    ]
    assert {item["location"] for item in records} == {"local", "second"}
    assert all(item["kind"] == "full" and item["verified"] for item in records)
    assert all(item["size_bytes"] > 0 and item["run"] for item in records)
    document = json.loads(site.installation.run("backup", "status", "--json").stdout)
    assert document["healthy"] is True
    assert document["wal_archive"]["ok"] is True
    # Segments that failed before the first run created the stanza have been archived since.
    assert document["wal_archive"]["last_archived_wal"]
    assert document["wal_archive"]["ready_segments"] <= 1

    again = site.installation.run("backup", "run", "--location", "local")
    assert "local: backup" in again.stdout
    kinds = [
        item["kind"] for item in site.installation.backups()
        if item["database"] == "records" and item["location"] == "local"
    ]
    assert kinds == ["full", "incremental"]
    repository_files = [path for path in (site.base / "repo1").rglob("*") if path.is_file()]
    assert repository_files
    assert not any(b"demo" in path.read_bytes() for path in repository_files)


@pytest.mark.parametrize("location", ["local", "second"])
def test_a_point_in_time_restore_holds_what_was_committed_before_it(
    site: Site, location: str
) -> None:
    site.installation.run("backup", "run")
    slug = f"late-{location}"
    boundary = datetime.now(UTC)
    time.sleep(1.1)
    site.installation.run(
        "company", "create", "--slug", slug, "--name", "Late AS", "--country", "NO",
        "--region", "eu-north", "--currency", "NOK", "--owner-email", f"owner@{slug}.test",
    )
    archived(site.cluster)

    home = postgres_dir(site.base, f"restored-{location}-")
    restored = site.installation.run(
        "backup", "restore", "--location", location, "--time", boundary.isoformat(),
        "--target", str(home / "data"),
    )
    assert "Restored the PostgreSQL cluster" in restored.stdout
    copy = Cluster(home, env=site.cluster.env)
    copy.start()
    try:
        with copy.connect(dbname="strongroom") as connection:
            slugs = {row[0] for row in connection.execute("SELECT slug FROM tenancy_company")}
    finally:
        copy.stop()
    with site.cluster.connect(dbname="strongroom") as connection:
        live = {row[0] for row in connection.execute("SELECT slug FROM tenancy_company")}
    assert slug in live
    assert slug not in slugs
    assert slugs == live - {slug}


def test_a_drill_restores_the_cluster_into_a_throwaway_copy_and_checks_it(site: Site) -> None:
    site.installation.run("audit", "checkpoint")
    site.installation.run("backup", "run", "--location", "second")
    drilled = site.installation.run("drill", "run", "--location", "second")
    assert "second: drill passed" in drilled.stdout
    assert "audit ok" in drilled.stdout
    assert "checkpoint ok" in drilled.stdout
    drills = list((site.base / "pgbackrest" / "drills").iterdir())
    assert drills == []  # the throwaway cluster is gone
    document = json.loads(site.installation.run("backup", "status", "--json").stdout)
    second = next(item for item in document["locations"] if item["name"] == "second")
    assert second["last_drill"]["ok"] is True
    assert second["last_drill"]["restore_seconds"] > 0
