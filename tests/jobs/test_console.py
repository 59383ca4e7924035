"""Operators see the schedule and the runs; nobody else does. ``strongroom worker`` runs them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import cli_actor, system_actor, user_actor
from strongroom.platform.access.policy import NotFound
from strongroom.platform.jobs.models import JobRun
from strongroom.platform.jobs.registry import all_jobs
from strongroom.platform.jobs.selectors import job_schedule, recent_job_runs
from tests.auth import sign_in
from tests.conftest import World
from tests.security.conftest import advisory_dir  # noqa: F401  (fixture)

SLOT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _runs() -> list[JobRun]:
    return [
        JobRun.objects.create(
            job_name="sessions.clear_expired", scheduled_for=SLOT - timedelta(hours=hours),
            claimed_by="web-1:7", status=JobRun.Status.SUCCEEDED,
        )
        for hours in range(3)
    ] + [
        JobRun.objects.create(
            job_name="jobs.prune_runs", scheduled_for=SLOT, claimed_by="web-1:7",
            status=JobRun.Status.FAILED, error="OperationalError: database is locked",
        )
    ]


@pytest.mark.parametrize("role", perms.BUILTIN_ROLES)
def test_members_cannot_see_job_runs(world: World, role: str) -> None:
    with pytest.raises(NotFound):
        recent_job_runs(world.a.actor(role))
    with pytest.raises(NotFound):
        job_schedule(world.a.actor(role))


def test_the_system_actor_cannot_see_job_runs(db: None) -> None:
    with pytest.raises(NotFound):
        recent_job_runs(system_actor(job="x.y"))


def test_operators_see_runs_newest_first_and_the_schedule(world: World) -> None:
    _runs()
    actor = user_actor(world.operator)
    runs = list(recent_job_runs(actor, limit=3))
    assert [run.scheduled_for for run in runs] == [SLOT, SLOT, SLOT - timedelta(hours=1)]
    with CaptureQueriesContext(connection) as queries:
        schedule = {job.name: job for job in job_schedule(actor)}
    assert len(queries) == 2
    assert schedule["sessions.clear_expired"].interval == "1 hour"
    assert schedule["jobs.prune_runs"].interval == "1 day"
    last = schedule["sessions.clear_expired"].last_run
    assert last is not None
    assert last.scheduled_for == SLOT


def test_operator_console_shows_schedule_and_failures(world: World) -> None:
    _runs()
    client = Client()
    sign_in(client, world.operator)
    page = client.get("/ops/").content.decode()
    assert "Periodic jobs" in page
    assert "sessions.clear_expired" in page
    assert "1 hour" in page
    assert "OperationalError: database is locked" in page
    assert "Failed" in page


@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_the_builtin_jobs_through_the_database_queue(
    settings: object, monkeypatch: pytest.MonkeyPatch, advisory_dir: Path,  # noqa: F811
) -> None:
    # The weekly dependency scan reads a local advisory source (there is no network here, and
    # an online scan that cannot reach its data fails, as it must).
    settings.STRONGROOM_SECURITY_ADVISORY_DIR = str(advisory_dir)  # type: ignore[attr-defined]
    # Both runs see the same moment, so a short-period job cannot fall due between them.
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    registered = [job.name for job in all_jobs()]
    assert {"sessions.clear_expired", "jobs.prune_runs", "identity.prune_security_events"} <= set(
        registered
    )
    assert f"claimed {len(registered)} periodic job(s)" in out.getvalue()
    runs = {run.job_name: run.status for run in JobRun.objects.all()}
    assert runs == dict.fromkeys(registered, JobRun.Status.SUCCEEDED)
    again = StringIO()
    call_command("worker", "--once", stdout=again)  # same slots: nothing new to claim
    assert "claimed 0 periodic job(s)" in again.getvalue()
    assert JobRun.objects.count() == len(registered)


def test_worker_refuses_to_loop_without_the_database_queue(db: None) -> None:
    with pytest.raises(CommandError, match="DatabaseBackend"):
        call_command("worker", stdout=StringIO())


def test_cli_actor_may_read_runs(db: None) -> None:
    assert list(recent_job_runs(cli_actor(command="test"))) == []
