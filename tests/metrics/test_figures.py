"""The figures behind the alerts: job runs and failures, backup and drill ages, the audit
chain's unsigned entries, key ages, the certificate's expiry; and a collector that cannot read
its data reports ``up 0`` with no figure, never a fresh-looking one."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.db import OperationalError, connections
from django.test import Client
from django.utils import timezone

from strongroom.platform.access.actor import Actor, system_actor
from strongroom.platform.backups.actions import record_backup_run, record_drill_run
from strongroom.platform.history import checkpoints
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.jobs import registry
from strongroom.platform.jobs.models import JobRun
from strongroom.platform.jobs.tasks import run_periodic_job
from strongroom.platform.keys import store
from strongroom.platform.keys.models import CompanyKey
from tests.conftest import World
from tests.metrics.conftest import names, scrape, value

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("metrics_token")]


def test_job_runs_and_failures_count_by_job_name(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "_JOBS", {})

    @registry.periodic(name="metrics.ok", every=timedelta(hours=1))
    def fine(actor: Actor) -> None:
        return None

    @registry.periodic(name="metrics.broken", every=timedelta(hours=1))
    def broken(actor: Actor) -> None:
        raise RuntimeError("broken on purpose")

    before = scrape(client)
    for index, name in enumerate(("metrics.ok", "metrics.broken", "metrics.ok")):
        run = JobRun.objects.create(
            job_name=name, scheduled_for=timezone.now() - timedelta(hours=index),
            claimed_by="test:1",
        )
        run_periodic_job.call(run.pk)
    after = scrape(client)

    def moved(metric: str, job: str) -> float:
        return (value(after, metric, job_name=job) or 0) - (
            value(before, metric, job_name=job) or 0
        )

    assert moved("strongroom_job_runs_total", "metrics.ok") == 2
    assert moved("strongroom_job_failures_total", "metrics.ok") == 0
    assert moved("strongroom_job_runs_total", "metrics.broken") == 1
    assert moved("strongroom_job_failures_total", "metrics.broken") == 1
    # From the run records too, whichever process ran them.
    assert value(after, "strongroom_job_last_run_failed", job_name="metrics.broken") == 1
    assert value(after, "strongroom_job_last_run_failed", job_name="metrics.ok") == 0
    succeeded = value(after, "strongroom_job_last_success_age_seconds", job_name="metrics.ok")
    assert succeeded is not None
    assert 0 <= succeeded < 60
    assert value(after, "strongroom_job_last_success_age_seconds",
                 job_name="metrics.broken") == math.inf


def test_backup_and_drill_ages_per_location(
    client: Client, platform_actor: Actor, settings: Any, tmp_path: Path
) -> None:
    settings.STRONGROOM_BACKUP_LOCATIONS = {
        "local": str(tmp_path / "one"), "offsite": str(tmp_path / "two"),
    }
    now = timezone.now()
    good = record_backup_run(
        actor=platform_actor, run_id="r1", location="local",
        started_at=now - timedelta(minutes=31), finished_at=now - timedelta(minutes=30),
    )
    record_backup_run(
        actor=platform_actor, run_id="r1", location="offsite", error="unreachable",
        started_at=now - timedelta(minutes=31), finished_at=now - timedelta(minutes=30),
    )
    record_drill_run(
        actor=platform_actor, location="local", backup=good, checks={},
        started_at=now - timedelta(days=2, minutes=1), finished_at=now - timedelta(days=2),
    )
    record_drill_run(
        actor=platform_actor, location="local", backup=good, checks={}, error="count differs",
        started_at=now - timedelta(hours=1, minutes=1), finished_at=now - timedelta(hours=1),
    )
    found = scrape(client)
    age = value(found, "strongroom_backup_age_seconds", location="local")
    assert age is not None
    assert 1800 <= age < 1900
    assert value(found, "strongroom_backup_age_seconds", location="offsite") == math.inf
    assert value(found, "strongroom_backup_failing", location="offsite") == 1
    assert value(found, "strongroom_backup_failing", location="local") == 0
    assert value(found, "strongroom_backup_drill_ok", location="local") == 0  # the latest
    drill = value(found, "strongroom_backup_drill_success_age_seconds", location="local")
    assert drill is not None
    assert 2 * 86400 <= drill < 2 * 86400 + 100
    assert value(found, "strongroom_backup_drill_success_age_seconds",
                 location="offsite") == math.inf
    assert value(found, "strongroom_backup_drill_ok", location="offsite") is None  # no drill
    assert value(found, "strongroom_metrics_collector_up", collector="backups") == 1


def test_audit_entries_wait_for_a_checkpoint_and_the_checkpoint_clears_them(
    client: Client, platform_actor: Actor
) -> None:
    now = timezone.now()
    record_backup_run(  # an audit entry in the platform chain
        actor=platform_actor, run_id="r1", location="local",
        started_at=now, finished_at=now,
    )
    AuditEvent.objects.update(occurred_at=now - timedelta(hours=1))
    waiting = value(scrape(client), "strongroom_audit_unsigned_age_seconds")
    assert waiting is not None
    assert 3600 <= waiting < 3700

    checkpoints.checkpoint_moved_chains(system_actor(job="history.checkpoint"))
    found = scrape(client)
    assert value(found, "strongroom_audit_unsigned_age_seconds") == 0
    signed = value(found, "strongroom_audit_checkpoint_age_seconds")
    assert signed is not None
    assert 0 <= signed < 60


def test_key_ages_and_readiness(client: Client, world: World) -> None:
    key = store.active_company_key(world.a.company.pk)
    CompanyKey.objects.filter(pk=key.pk).update(created_at=timezone.now() - timedelta(days=40))
    found = scrape(client)
    root = value(found, "strongroom_keys_root_key_age_seconds")
    assert root is not None
    assert 0 <= root < 86400
    oldest = value(found, "strongroom_keys_company_key_oldest_age_seconds")
    assert oldest is not None
    assert 40 * 86400 <= oldest < 40 * 86400 + 100
    assert value(found, "strongroom_keys_rotation_period_seconds", key="root") == 365 * 86400
    for component in ("draining", "database", "key_store", "cache", "migrations"):
        assert value(found, "strongroom_ready", component=component) == 1, component


def _certificate(path: Path, *, expires: datetime) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "records.example")])
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(expires - timedelta(days=90)).not_valid_after(expires)
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # HAProxy's bundle: the certificate, then its key
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM) + pem_key)


def test_the_certificate_expiry_comes_from_the_configured_file(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    assert value(scrape(client), "strongroom_metrics_collector_up",
                 collector="tls_certificate") is None  # not configured: left out
    expires = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    settings.STRONGROOM_TLS_CERT_FILE = str(tmp_path / "site.pem")
    _certificate(tmp_path / "site.pem", expires=expires)
    found = scrape(client)
    assert value(found, "strongroom_tls_certificate_expiry_timestamp_seconds") == (
        expires.timestamp()
    )
    assert value(found, "strongroom_metrics_collector_up", collector="tls_certificate") == 1

    (tmp_path / "site.pem").unlink()
    found = scrape(client)
    assert value(found, "strongroom_metrics_collector_up", collector="tls_certificate") == 0
    assert value(found, "strongroom_tls_certificate_expiry_timestamp_seconds") is None


def test_a_collector_that_cannot_reach_its_database_reports_up_0_and_no_figure(
    client: Client, platform_actor: Actor
) -> None:
    now = timezone.now()
    record_backup_run(
        actor=platform_actor, run_id="r1", location="local", started_at=now, finished_at=now,
    )
    assert value(scrape(client), "strongroom_backup_age_seconds", location="local") is not None

    def unreachable(*args: Any) -> Any:
        raise OperationalError("could not connect to server: Connection refused")

    with connections["default"].execute_wrapper(unreachable), \
            connections["keys"].execute_wrapper(unreachable):
        found = scrape(client)
    for collector in ("backups", "audit", "keys"):
        assert value(found, "strongroom_metrics_collector_up", collector=collector) == 0
    figures = names(found)
    for gone in ("strongroom_backup_age_seconds", "strongroom_backup_drill_success_age_seconds",
                 "strongroom_audit_unsigned_age_seconds", "strongroom_keys_root_key_age_seconds"):
        assert gone not in figures
    assert value(found, "strongroom_ready", component="database") == 0
    assert value(found, "strongroom_metrics_collector_up", collector="readiness") == 1


@pytest.mark.postgresql_only
def test_the_wal_archive_figures_come_from_the_records_server(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    """pg_stat_archiver and the archive status directory of the real server."""
    settings.STRONGROOM_BACKUP_ENABLED = True
    settings.STRONGROOM_BACKUP_LOCATIONS = {"local": str(tmp_path / "one")}
    settings.STRONGROOM_PGBACKREST_REPOSITORIES = [f"posix:{tmp_path / 'repo'}"]
    settings.STRONGROOM_PGBACKREST_PG_DATA = str(tmp_path / "pgdata")
    settings.STRONGROOM_PGBACKREST_DIR = str(tmp_path / "pgbackrest")
    settings.STRONGROOM_BACKUP_PASSPHRASE = "a-backup-passphrase-for-the-metrics-tests-0123456789"
    found = scrape(client)
    assert value(found, "strongroom_metrics_collector_up", collector="wal_archive") == 1
    ready = value(found, "strongroom_backup_wal_ready_segments")
    assert ready is not None
    assert ready >= 0
    assert value(found, "strongroom_backup_wal_archive_failures_total") is not None
    assert value(found, "strongroom_backup_wal_last_archived_age_seconds") is not None

    settings.STRONGROOM_PGBACKREST_REPOSITORIES = []  # pgBackRest not set up: unknown
    found = scrape(client)
    assert value(found, "strongroom_metrics_collector_up", collector="wal_archive") == 0
    assert value(found, "strongroom_backup_wal_ready_segments") is None

    settings.STRONGROOM_BACKUP_ENABLED = False  # backups off: WAL archiving does not apply
    found = scrape(client)
    assert ("strongroom_metrics_collector_up", frozenset({("collector", "wal_archive")})) \
        not in found
    assert value(found, "strongroom_metrics_collector_up", collector="backups") == 1
    assert value(found, "strongroom_backup_enabled") == 0
