"""The scheduler: claim each due slot exactly once across all instances, then queue its run."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from strongroom.platform.jobs import registry
from strongroom.platform.jobs.instance import instance_name
from strongroom.platform.jobs.models import JobRun
from strongroom.platform.jobs.tasks import run_periodic_job

logger = logging.getLogger(__name__)


def tick(*, now: datetime | None = None, instance: str | None = None) -> list[JobRun]:
    """Claim the current slot of every registered job that no instance has claimed yet.

    Every instance calls this on its own clock. The claim is an insert that the database's
    unique (job, slot) constraint lets only one instance make, so a job runs once per slot
    however many instances run. Returns the runs this call claimed.
    """
    moment = now or timezone.now()
    claimer = instance or instance_name()
    claimed: list[JobRun] = []
    for job in registry.all_jobs():
        slot = job.slot(moment)
        if JobRun.objects.filter(job_name=job.name, scheduled_for=slot).exists():
            continue
        run = _claim(job.name, slot, claimer)
        if run is not None:
            claimed.append(run)
    return claimed


def _claim(job_name: str, slot: datetime, claimer: str) -> JobRun | None:
    try:
        with transaction.atomic():
            run = JobRun.objects.create(job_name=job_name, scheduled_for=slot, claimed_by=claimer)
            if _queue_in_database():
                # The queue lives in the same database: claim and queue entry commit together,
                # so a crash cannot leave a claimed slot that nobody will run.
                _enqueue(run)
            else:
                transaction.on_commit(lambda: _enqueue(run))
    except IntegrityError:
        logger.debug("job %s slot %s already claimed elsewhere", job_name, slot)
        return None
    logger.info("job %s claimed for %s", job_name, slot.isoformat())
    return run


def _enqueue(run: JobRun) -> None:
    result = run_periodic_job.enqueue(run.pk)
    JobRun.objects.filter(pk=run.pk).update(task_result_id=str(result.id)[:64])
    run.task_result_id = str(result.id)[:64]


def _queue_in_database() -> bool:
    return isinstance(task_backends[run_periodic_job.backend], DatabaseBackend)
