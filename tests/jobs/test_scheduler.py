"""The scheduler claims each slot once across instances; runs record start, end and outcome."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from strongroom.platform.access.actor import Actor, Channel
from strongroom.platform.jobs.models import JobRun
from strongroom.platform.jobs.registry import periodic
from strongroom.platform.jobs.scheduler import tick
from strongroom.platform.jobs.tasks import run_periodic_job

NOW = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("only_test_jobs")


@pytest.fixture
def calls() -> list[Actor]:
    """Registers ``test.count`` (hourly), which records the actor of every execution."""
    seen: list[Actor] = []

    @periodic(name="test.count", every=timedelta(hours=1))
    def count(actor: Actor) -> None:
        seen.append(actor)

    return seen


def _drain() -> None:
    """Run every queued task with the task library's own worker, then stop."""
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test:1", excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_two_instances_claim_a_slot_once_and_it_runs_once(calls: list[Actor]) -> None:
    first = tick(now=NOW, instance="web-1:100")
    second = tick(now=NOW + timedelta(seconds=20), instance="web-2:200")
    assert [run.job_name for run in first] == ["test.count"]
    assert second == []
    assert DBTaskResult.objects.count() == 1
    _drain()
    _drain()  # a second worker pass finds nothing more to do
    assert len(calls) == 1
    run = JobRun.objects.get()
    assert run.claimed_by == "web-1:100"
    assert run.scheduled_for == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.duration is not None
    assert run.duration >= 0
    assert run.ran_on
    assert run.task_result_id == str(DBTaskResult.objects.get().id)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_simultaneous_ticks_from_many_threads_claim_once(calls: list[Actor]) -> None:
    start = threading.Barrier(4, timeout=10)
    claimed: list[int] = []
    errors: list[BaseException] = []

    def instance(number: int) -> None:
        from django.db import connection

        try:
            start.wait()
            claimed.append(len(tick(now=NOW, instance=f"node-{number}:1")))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=instance, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(claimed) == [0, 0, 0, 1]
    assert JobRun.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_each_new_slot_is_claimed_again(calls: list[Actor]) -> None:
    for minutes in (0, 30, 60, 61, 125):
        tick(now=NOW + timedelta(minutes=minutes))
    _drain()
    slots = sorted(run.scheduled_for.hour for run in JobRun.objects.all())
    assert slots == [10, 11, 12]
    assert len(calls) == 3


@pytest.mark.django_db(transaction=True)
def test_inline_backend_runs_the_job_after_the_claim_commits(calls: list[Actor]) -> None:
    tick(now=NOW)
    assert len(calls) == 1
    assert JobRun.objects.get().status == JobRun.Status.SUCCEEDED


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_job_acts_as_the_system_with_no_company_permissions(calls: list[Actor]) -> None:
    tick(now=NOW)
    _drain()
    (actor,) = calls
    assert actor.channel is Channel.SYSTEM
    assert actor.credential == "test.count"
    assert actor.user is None
    assert actor.company is None
    assert actor.permissions == frozenset()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_a_failing_job_is_recorded_and_the_worker_goes_on(
    calls: list[Actor], caplog: pytest.LogCaptureFixture
) -> None:
    @periodic(name="test.fail", every=timedelta(hours=1))
    def fail(actor: Actor) -> None:
        raise RuntimeError("disk full at /secret/path")

    tick(now=NOW)
    with caplog.at_level(logging.ERROR):
        _drain()
    failed = JobRun.objects.get(job_name="test.fail")
    assert failed.status == JobRun.Status.FAILED
    assert failed.error == "RuntimeError: disk full at /secret/path"
    assert failed.finished_at is not None
    assert "test.fail failed: RuntimeError" in caplog.text
    assert "/secret/path" not in caplog.text  # messages stay out of the log
    assert JobRun.objects.get(job_name="test.count").status == JobRun.Status.SUCCEEDED
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_a_task_delivered_twice_does_not_run_the_job_twice(calls: list[Actor]) -> None:
    (run,) = tick(now=NOW)
    _drain()
    assert run_periodic_job.call(run.pk) == "skipped"
    assert len(calls) == 1
    assert JobRun.objects.get().status == JobRun.Status.SUCCEEDED


@pytest.mark.django_db
def test_a_run_of_a_job_this_version_lacks_fails_clearly(calls: Any) -> None:
    run = JobRun.objects.create(job_name="gone.job", scheduled_for=NOW, claimed_by="old:1")
    assert run_periodic_job.call(run.pk) == JobRun.Status.FAILED
    run.refresh_from_db()
    assert run.error == "LookupError: no periodic job called gone.job in this version"
