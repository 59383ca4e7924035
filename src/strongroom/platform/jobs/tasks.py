"""The one background task behind every periodic job: run it and record the outcome."""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task

from strongroom.platform.access.actor import system_actor
from strongroom.platform.history import read_log
from strongroom.platform.jobs import registry
from strongroom.platform.jobs.instance import instance_name
from strongroom.platform.jobs.models import JobRun

logger = logging.getLogger(__name__)
# Sent when a run ends, with ``job`` (its name) and ``failed``: the metrics count runs here.
job_finished = Signal()


@task()
def run_periodic_job(job_run_id: int) -> str:
    """Execute a claimed run once. A run already started or finished is left alone, so a task
    delivered twice does not run the job twice. Returns the run's final status."""
    with transaction.atomic():
        run = JobRun.objects.select_for_update().filter(pk=job_run_id).first()
        if run is None or run.status != JobRun.Status.SCHEDULED:
            return "skipped"
        run.status, run.started_at, run.ran_on = (
            JobRun.Status.RUNNING, timezone.now(), instance_name()
        )
        run.save(update_fields=["status", "started_at", "ran_on"])
    try:
        try:
            job = registry.get(run.job_name)
        except KeyError:
            raise LookupError(f"no periodic job called {run.job_name} in this version") from None
        with read_log.unit_of_work():  # the job's reads are logged together (P-G4)
            job.function(system_actor(job=run.job_name))
    except Exception as exc:
        # The exception's class and message only: values (and any secret) stay out of the log.
        logger.error("job %s failed: %s", run.job_name, type(exc).__name__)
        _finish(run, JobRun.Status.FAILED, error=_describe(exc))
    else:
        _finish(run, JobRun.Status.SUCCEEDED)
    return run.status


def _describe(exc: Exception) -> str:
    """What operators see of a failure in the run record."""
    return f"{type(exc).__name__}: {exc}"[:500]


def _finish(run: JobRun, status: str, *, error: str = "") -> None:
    run.status, run.finished_at, run.error = status, timezone.now(), error
    run.save(update_fields=["status", "finished_at", "error"])
    job_finished.send(
        sender=JobRun, job=run.job_name, failed=status == JobRun.Status.FAILED
    )
