"""The platform's own periodic jobs: expired sessions and old run records go away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from strongroom.platform.access.actor import system_actor
from strongroom.platform.jobs import registry
from strongroom.platform.jobs.models import JobRun

pytestmark = pytest.mark.django_db


def _run(name: str) -> None:
    registry.get(name).function(system_actor(job=name))


def test_clear_expired_sessions_keeps_live_ones() -> None:
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="x", expire_date=now - timedelta(1))
    Session.objects.create(session_key="live", session_data="x", expire_date=now + timedelta(1))
    _run("sessions.clear_expired")
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


def test_prune_runs_deletes_only_old_finished_runs(settings: object) -> None:
    settings.STRONGROOM_JOB_RUN_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    now = timezone.now()

    def run(name: str, days_ago: int, status: str) -> JobRun:
        return JobRun.objects.create(
            job_name=name, scheduled_for=now - timedelta(days=days_ago), status=status,
            claimed_by="t:1",
        )

    old_ok = run("a.old", 31, JobRun.Status.SUCCEEDED)
    old_failed = run("b.old", 40, JobRun.Status.FAILED)
    old_running = run("c.old", 40, JobRun.Status.RUNNING)
    recent = run("d.new", 29, JobRun.Status.SUCCEEDED)
    _run("jobs.prune_runs")
    left = set(JobRun.objects.values_list("pk", flat=True))
    assert left == {old_running.pk, recent.pk}
    assert old_ok.pk not in left
    assert old_failed.pk not in left
