"""Backups of the embedded SQLite installation, end to end through the operator's CLI, to a
local directory and to a real S3-compatible store over TLS (P-F1, P-F3)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backups import servers
from tests.backups.installation import Installation, counts_of, files_containing

pytestmark = pytest.mark.sqlite_only

DEMO_EMAIL = b"revisor@nordlys.example"
DEMO_NAME = b"Ingrid Solberg"  # a member's name, kept in plain text in the live database


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.ObjectStore]:
    with servers.object_store(tmp_path_factory.mktemp("s3")) as running:
        yield running


@pytest.fixture(scope="module")
def installation(
    tmp_path_factory: pytest.TempPathFactory, store: servers.ObjectStore
) -> Installation:
    """The demo installation, backing up to a directory and to the object store."""
    root = tmp_path_factory.mktemp("installation")
    site = Installation(
        data_dir=root / "data",
        locations={
            "local": str(root / "backups-local"),
            "offsite": store.restic_repository("strongroom-backups"),
        },
        extra_env={
            "STRONGROOM_BACKUP_S3_ACCESS_KEY_ID": store.access_key,
            "STRONGROOM_BACKUP_S3_SECRET_ACCESS_KEY": store.secret_key,
            "STRONGROOM_BACKUP_S3_CA_FILE": str(store.ca_file),
        },
    )
    site.run("migrate", "--no-input")
    site.run("demo")
    site.run(
        "createoperator", "--email", "ops@backups.test", "--name", "Operator",
        STRONGROOM_OPERATOR_PASSWORD="operator-password-for-backup-tests",
    )
    return site


def test_backup_run_writes_encrypted_backups_to_both_locations_and_they_restore(
    installation: Installation, store: servers.ObjectStore, tmp_path: Path
) -> None:
    # The marker is in the live database in plain text, so finding none in a backup means
    # something.
    live = installation.records.read_bytes()
    assert DEMO_EMAIL in live
    assert DEMO_NAME in live

    result = installation.run("backup", "run")
    assert "local: backup" in result.stdout
    assert "offsite: backup" in result.stdout

    backups = installation.backups()
    for location in ("local", "offsite"):
        parts = {item["database"] for item in backups if item["location"] == location}
        assert parts == {"records", "keys", "files"}, backups
    records = [item for item in backups if item["database"] == "records"]
    assert all(item["verified"] and item["size_bytes"] > 0 for item in records)
    assert {"id", "kind", "database", "location", "started_at", "finished_at", "size_bytes",
            "verified"} <= set(records[0])

    local = Path(installation.locations["local"])
    assert any(local.rglob("*")), "nothing was written to the local location"
    needles = [DEMO_EMAIL, DEMO_NAME, b"SQLite format 3"]
    assert files_containing(local, needles) == []
    assert files_containing(store.directory / "data", needles) == []

    for location in ("local", "offsite"):
        target = tmp_path / f"restored-{location}"
        restored = installation.run(
            "backup", "restore", "--location", location, "--backup", records[0]["run"],
            "--target", str(target),
        )
        assert "Restored backup" in restored.stdout
        assert counts_of(target / "strongroom.sqlite3") == counts_of(installation.records)
        verified = installation.run(
            "audit", "verify", "--quiet",
            STRONGROOM_DATABASE_URL=f"sqlite:///{target / 'strongroom.sqlite3'}",
            STRONGROOM_KEYS_DATABASE_URL=f"sqlite:///{target / 'keys.sqlite3'}",
        )
        assert verified.stdout.startswith("OK:")


def test_restore_refuses_a_used_target_and_a_time_before_any_backup(
    installation: Installation, tmp_path: Path
) -> None:
    installation.run("backup", "run", "--location", "local")
    refused = installation.run(
        "backup", "restore", "--time", "2030-01-01T00:00:00", "--target",
        str(installation.data_dir), check=False,
    )
    assert refused.returncode != 0
    assert "not empty" in refused.stderr
    too_early = installation.run(
        "backup", "restore", "--time", "2001-01-01T00:00:00", "--target", str(tmp_path / "x"),
        check=False,
    )
    assert too_early.returncode != 0
    assert "no records backup" in too_early.stderr
    bad_time = installation.run(
        "backup", "restore", "--time", "yesterday", "--target", str(tmp_path / "x"), check=False
    )
    assert bad_time.returncode != 0
    assert "ISO 8601" in bad_time.stderr


def test_a_location_that_is_down_fails_loudly_and_shows_in_the_status(
    installation: Installation, store: servers.ObjectStore
) -> None:
    store.stop()
    try:
        result = installation.run("backup", "run", check=False)
    finally:
        servers.restart(store)
    assert result.returncode != 0
    assert "offsite" in result.stderr
    assert "backup failed" in result.stderr
    assert "local: backup" in result.stdout  # the other location still got its backup

    status = installation.run("backup", "status", "--json", check=False)
    assert status.returncode == 1
    document = json.loads(status.stdout)
    offsite = next(item for item in document["locations"] if item["name"] == "offsite")
    local = next(item for item in document["locations"] if item["name"] == "local")
    assert document["healthy"] is False
    assert offsite["failing"] is True
    assert "restic" in offsite["last_error"]
    assert local["failing"] is False
    assert local["age_minutes"] == 0
    outbox = "".join(path.read_text() for path in (installation.data_dir / "outbox").glob("*"))
    assert "Backup to location offsite failed" in outbox

    installation.run("backup", "run")  # the store is back: healthy again
    assert json.loads(installation.run("backup", "status", "--json").stdout)["healthy"] is True


def test_verify_reads_every_byte_and_finds_a_damaged_backup(
    installation: Installation, tmp_path: Path
) -> None:
    installation.run("backup", "run", "--location", "local")
    run_id = installation.backups()[-1]["run"]
    assert installation.run("backup", "verify", "--location", "local").returncode == 0
    assert installation.run(
        "backup", "verify", "--location", "local", "--backup", run_id
    ).returncode == 0

    packs = sorted((Path(installation.locations["local"]) / "data").rglob("*"))
    victim = max((path for path in packs if path.is_file()), key=lambda path: path.stat().st_size)
    original = victim.read_bytes()
    damaged = bytearray(original)
    damaged[len(damaged) // 2] ^= 0xFF
    victim.chmod(0o600)
    victim.write_bytes(bytes(damaged))
    try:
        result = installation.run("backup", "verify", "--location", "local", check=False)
        assert result.returncode == 1
        assert "FAULT" in result.stdout
    finally:
        victim.write_bytes(original)
    missing = installation.run("backup", "verify", "--backup", "nosuchbackup", check=False)
    assert missing.returncode == 1
    assert "no backup 'nosuchbackup'" in missing.stdout


def test_drill_passes_and_catches_a_backup_that_lost_data(installation: Installation) -> None:
    installation.run("backup", "run", "--location", "local")
    older = installation.sql(
        "SELECT id, parts FROM backups_backuprun WHERE ok ORDER BY started_at DESC LIMIT 1"
    )[0]
    passed = installation.run("drill", "run", "--location", "local")
    assert "drill passed" in passed.stdout
    assert "checkpoint ok" in passed.stdout
    assert "counts ok" in passed.stdout

    # History moves on and is checkpointed; then a backup whose records silently stop at the
    # older state (its run points at the older records snapshot).
    installation.run("company", "list")
    installation.run("audit", "checkpoint")
    installation.run("backup", "run", "--location", "local")
    newest = installation.sql(
        "SELECT id, parts FROM backups_backuprun WHERE ok ORDER BY started_at DESC LIMIT 1"
    )[0]
    parts = json.loads(newest[1])
    parts["records"] = json.loads(older[1])["records"] | {"sha256": parts["records"]["sha256"]}
    installation.sql(
        "UPDATE backups_backuprun SET parts = ? WHERE id = ?", json.dumps(parts), newest[0]
    )

    failed = installation.run("drill", "run", "--location", "local", check=False)
    assert failed.returncode == 1
    assert "checkpoint" in failed.stdout
    assert "FAILED" in failed.stdout
    document = json.loads(installation.run("backup", "status", "--json", check=False).stdout)
    local = next(item for item in document["locations"] if item["name"] == "local")
    assert local["last_drill"]["ok"] is False
    assert document["healthy"] is False
    events = installation.sql(
        "SELECT COUNT(*) FROM history_auditevent WHERE event_type = 2021"
    )[0][0]
    assert events == 1
    outbox = "".join(path.read_text() for path in (installation.data_dir / "outbox").glob("*"))
    assert "Restore drill of local failed" in outbox


def test_rotating_the_passphrase_locks_the_old_one_out(
    installation: Installation, tmp_path: Path
) -> None:
    installation.run("backup", "run", "--location", "local")
    new = "a-new-backup-passphrase-after-rotation-0123456789"
    (tmp_path / "new").write_text(new + "\n")
    rotated = installation.run(
        "backup", "rotate-passphrase", "--location", "local", "--new-passphrase-file",
        str(tmp_path / "new"),
    )
    assert "local: sealed under the new passphrase" in rotated.stdout

    old = installation.run("backup", "list", "--location", "local", check=False)
    assert old.returncode != 0
    assert "wrong password" in old.stderr
    listed = installation.run(
        "backup", "list", "--location", "local", "--json", STRONGROOM_BACKUP_PASSPHRASE=new
    )
    run_id = json.loads(listed.stdout)[-1]["run"]
    restored = installation.run(
        "backup", "restore", "--location", "local", "--backup", run_id, "--target",
        str(tmp_path / "restored"), STRONGROOM_BACKUP_PASSPHRASE=new,
    )
    assert "Restored backup" in restored.stdout
    assert installation.sql(
        "SELECT COUNT(*) FROM history_auditevent WHERE event_type = 2003"
    )[0][0] == 1

    (tmp_path / "old").write_text(installation.env()["STRONGROOM_BACKUP_PASSPHRASE"])
    installation.run(
        "backup", "rotate-passphrase", "--location", "local", "--new-passphrase-file",
        str(tmp_path / "old"), STRONGROOM_BACKUP_PASSPHRASE=new,
    )
    assert installation.run("backup", "list", "--location", "local").returncode == 0
