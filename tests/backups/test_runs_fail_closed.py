"""Backups fail closed and say so (P-F1): no passphrase, one location, or a location that
cannot be reached is a recorded failure, an audit entry and a mail to operators; the
operator console shows the state to operators only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, system_actor
from strongroom.platform.backups import checks, jobs, runs
from strongroom.platform.backups.errors import BackupError
from strongroom.platform.backups.models import BackupRun
from strongroom.platform.backups.status import status_document
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.jobs.models import JobRun
from tests.auth import sign_in
from tests.backups import servers
from tests.conftest import World

PASSPHRASE = "a-backup-passphrase-for-in-process-tests-0123456789"


def backups_on(tmp_path: Path, **locations: str) -> override_settings:
    return override_settings(
        STRONGROOM_BACKUP_ENABLED=True,
        STRONGROOM_BACKUP_PASSPHRASE=PASSPHRASE,
        STRONGROOM_BACKUP_PASSPHRASE_PROBLEM="",
        STRONGROOM_BACKUP_LOCATIONS=locations
        or {"one": str(tmp_path / "one"), "two": str(tmp_path / "two")},
    )


def events(kind: AuditEventType) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=int(kind)).order_by("sequence"))


@pytest.mark.sqlite_only  # the records database copied in this process
@pytest.mark.django_db(transaction=True, databases=["default", "keys"])
def test_an_unreachable_location_fails_is_recorded_and_mailed_while_the_other_is_written(
    world: World, platform_actor: Actor, tmp_path: Path
) -> None:
    dead = f"s3:https://127.0.0.1:{servers.free_port()}/bucket/strongroom"
    with backups_on(tmp_path, good=str(tmp_path / "good"), dead=dead):
        done = runs.run_backups(platform_actor)
        document = status_document(platform_actor)
    by_location = {run.location: run for run in done}
    assert by_location["good"].ok
    assert by_location["good"].verified
    assert not by_location["dead"].ok
    assert "dead: restic" in by_location["dead"].error
    assert [event.extra["location"] for event in events(AuditEventType.BACKUP_FAILED)] == ["dead"]
    assert [event.extra["location"] for event in events(AuditEventType.BACKUP_SUCCEEDED)] == [
        "good"
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.operator.email]
    assert "Backup to location dead failed" in mail.outbox[0].subject
    assert PASSPHRASE not in mail.outbox[0].body
    assert document["healthy"] is False
    problems = document["problems"]
    assert any(problem.startswith("dead: the last attempt failed") for problem in problems)


@pytest.mark.sqlite_only  # the records database copied in this process
@pytest.mark.django_db(transaction=True, databases=["default", "keys"])
def test_no_passphrase_means_no_backup_at_all(
    world: World, platform_actor: Actor, tmp_path: Path
) -> None:
    with backups_on(tmp_path), override_settings(
        STRONGROOM_BACKUP_PASSPHRASE="",
        STRONGROOM_BACKUP_PASSPHRASE_PROBLEM="STRONGROOM_BACKUP_PASSPHRASE is not set",
    ):
        done = runs.run_backups(platform_actor)
        document = status_document(platform_actor)
    assert all(not run.ok and "without encryption" in run.error for run in done)
    assert not (tmp_path / "one").exists()
    assert not (tmp_path / "two").exists()
    assert "STRONGROOM_BACKUP_PASSPHRASE is not set" in document["problems"]
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True, databases=["default", "keys"])
def test_one_location_is_not_enough(world: World, platform_actor: Actor, tmp_path: Path) -> None:
    with backups_on(tmp_path, only=str(tmp_path / "only")), pytest.raises(
        BackupError, match="1 backup location"
    ):
        runs.run_backups(platform_actor)
    (failure,) = BackupRun.objects.all()
    assert not failure.ok
    assert failure.location == "*"
    assert not (tmp_path / "only").exists()
    assert "Backup to every location failed" in mail.outbox[0].subject


@pytest.mark.django_db(transaction=True, databases=["default", "keys"])
def test_the_watch_alerts_when_there_is_no_recent_backup(
    world: World, tmp_path: Path
) -> None:
    with backups_on(tmp_path):
        # A new installation has until its first backup is due...
        assert jobs.watch_backups(system_actor(job="backups.watch")) == (
            "every location is fresh"
        )
        # ...but not once the scheduler has been running longer than the allowed age.
        JobRun.objects.create(
            job_name="sessions.clear_expired", scheduled_for=timezone.now(),
            claimed_by="test:1", enqueued_at=timezone.now() - timedelta(hours=3),
        )
        summary = jobs.watch_backups(system_actor(job="backups.watch"))
    assert summary == "overdue: one, two"
    overdue = events(AuditEventType.BACKUP_OVERDUE)
    assert [event.extra["location"] for event in overdue] == ["one", "two"]
    assert {message.subject for message in mail.outbox} == {
        "[Strongroom] No recent backup in one", "[Strongroom] No recent backup in two",
    }


@pytest.mark.sqlite_only  # the records database copied in this process
@pytest.mark.django_db(transaction=True, databases=["default", "keys"])
def test_a_good_run_makes_every_location_healthy_and_the_watch_quiet(
    world: World, platform_actor: Actor, tmp_path: Path
) -> None:
    with backups_on(tmp_path):
        assert jobs.back_up(system_actor(job="backups.run")) == "backed up to one, two"
        assert status_document(platform_actor)["healthy"] is True
        assert jobs.watch_backups(system_actor(job="backups.watch")) == (
            "every location is fresh"
        )
    assert mail.outbox == []


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True, databases=["default", "keys"])
def test_records_on_postgresql_without_pgbackrest_fail_closed(
    world: World, platform_actor: Actor, tmp_path: Path
) -> None:
    with backups_on(tmp_path), override_settings(STRONGROOM_PGBACKREST_REPOSITORIES=[]), \
            pytest.raises(BackupError, match="STRONGROOM_PGBACKREST_REPOSITORIES"):
        runs.run_backups(platform_actor)
    (failure,) = BackupRun.objects.all()
    assert not failure.ok
    assert not (tmp_path / "one").exists()
    assert "Backup to every location failed" in mail.outbox[0].subject


@pytest.mark.parametrize("role", [*perms.BUILTIN_ROLES, "outsider"])
def test_the_console_page_is_not_found_for_company_members(world: World, role: str) -> None:
    user = world.b.user(perms.OWNER) if role == "outsider" else world.a.user(role)
    assert sign_in(Client(), user).get("/ops/backups/").status_code == 404


def test_operators_see_each_location_and_what_needs_attention(
    world: World, platform_actor: Actor, tmp_path: Path
) -> None:
    with backups_on(tmp_path):
        page = sign_in(Client(), world.operator).get("/ops/backups/").content.decode()
    assert "Needs attention" in page
    assert "one: no good backup yet" in page
    assert str(tmp_path / "two") in page
    assert "Backups</a>" in sign_in(Client(), world.operator).get("/ops/").content.decode()


def test_the_deploy_check_names_what_would_make_backups_fail(tmp_path: Path) -> None:
    with backups_on(tmp_path, only=str(tmp_path / "only")), override_settings(
        STRONGROOM_BACKUP_PASSPHRASE="",
        STRONGROOM_BACKUP_PASSPHRASE_PROBLEM="STRONGROOM_BACKUP_PASSPHRASE is not set",
    ):
        found = {message.id for message in checks.backups_configured()}
    assert found == {"strongroom.backups.E002", "strongroom.backups.E003"}
    with backups_on(tmp_path):
        assert checks.backups_configured() == []
    with backups_on(tmp_path), override_settings(STRONGROOM_BACKUP_ENABLED=False):
        assert [message.id for message in checks.backups_configured()] == [
            "strongroom.backups.E001"
        ]



def test_pgbackrest_is_not_pointed_at_a_failover_pair_through_the_app_url() -> None:
    from strongroom.platform.backups import postgresql

    pair = {"HOST": "10.0.0.1,10.0.0.2", "PORT": "5432,5432"}
    with pytest.raises(BackupError, match="several hosts"):
        postgresql.database_address(pair)
    assert postgresql.database_address({"HOST": "10.0.0.1", "PORT": "5433"}) == ("10.0.0.1", 5433)
    assert postgresql.database_address({}) == ("127.0.0.1", 5432)
