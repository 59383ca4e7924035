"""Periodic jobs of the platform itself."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from strongroom.platform.access.actor import Actor
from strongroom.platform.jobs.models import JobRun
from strongroom.platform.jobs.registry import periodic


@periodic(name="sessions.clear_expired", every=timedelta(hours=1))
def clear_expired_sessions(actor: Actor) -> None:
    """Delete expired sign-in sessions from the session store."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


@periodic(name="jobs.prune_runs", every=timedelta(days=1))
def prune_job_records(actor: Actor) -> None:
    """Delete finished run records and task results older than the retention period."""
    horizon = timezone.now() - timedelta(days=settings.STRONGROOM_JOB_RUN_RETENTION_DAYS)
    JobRun.objects.filter(
        scheduled_for__lt=horizon,
        status__in=(JobRun.Status.SUCCEEDED, JobRun.Status.FAILED),
    ).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=horizon).delete()
