"""``strongroom worker``: the periodic scheduler and the background task worker, in one process."""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from strongroom.platform.history import chain
from strongroom.platform.jobs.instance import instance_name
from strongroom.platform.jobs.scheduler import tick
from strongroom.platform.jobs.tasks import run_periodic_job
from strongroom.platform.keys.errors import KeyStoreUnavailable
from strongroom.platform.keys.startup import check_key_store
from strongroom.security import changelog

logger = logging.getLogger("strongroom.worker")


class Command(BaseCommand):
    help = (
        "Run background jobs and the periodic scheduler. Start one or more per installation: "
        "each periodic job still runs once per slot."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Claim the due periodic jobs, run every queued task, then exit (for cron).",
        )
        parser.add_argument(
            "--poll-seconds",
            type=float,
            default=1.0,
            help="How long an idle worker waits before looking for tasks again (default 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            check_key_store()  # jobs decrypt and encrypt too: never with a wrong root key
        except KeyStoreUnavailable as exc:
            raise CommandError(f"cannot start: {exc}") from None
        changelog.at_start()  # a new version or security configuration (P-G6)
        backend = task_backends[run_periodic_job.backend]
        queue_in_database = isinstance(backend, DatabaseBackend)
        if not queue_in_database and not options["once"]:
            raise CommandError(
                "strongroom worker needs STRONGROOM_TASKS_BACKEND=django_tasks_db.DatabaseBackend"
            )
        name = instance_name()
        worker = Worker(
            queue_names=sorted(backend.queues) or ["default"],
            interval=max(options["poll_seconds"], 0.1),
            batch=options["once"],
            backend_name=backend.alias,
            startup_delay=not options["once"],
            max_tasks=None,
            worker_id=name,
            excluded_queue_names=[],
        )
        if options["once"]:
            sealed = chain.seal_all()
            self.stdout.write(f"worker {name}: sealed {sealed} access-log entries")
            claimed = tick(instance=name)
            self.stdout.write(f"worker {name}: claimed {len(claimed)} periodic job(s)")
            if queue_in_database:
                worker.run()
            self.stdout.write(f"worker {name}: queue drained")
            return
        stop = threading.Event()
        scheduler = threading.Thread(
            target=_schedule_forever,
            args=(stop, name, settings.STRONGROOM_SCHEDULER_TICK_SECONDS),
            name="strongroom-scheduler",
            daemon=True,
        )
        sealer = threading.Thread(
            target=_seal_forever,
            args=(stop, chain.SEAL_EVERY.total_seconds()),
            name="strongroom-sealer",
            daemon=True,
        )
        self.stdout.write(
            f"worker {name}: scheduling every {settings.STRONGROOM_SCHEDULER_TICK_SECONDS}s, "
            f"sealing the access log every {chain.SEAL_EVERY.total_seconds():.0f}s "
            "and running queued tasks (Ctrl+C to stop)"
        )
        self.stdout.flush()
        scheduler.start()
        sealer.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()


def _schedule_forever(stop: threading.Event, name: str, every: int) -> None:
    """Tick until told to stop; a failing tick (database restarting, say) is logged and retried."""
    while not stop.is_set():
        try:
            tick(instance=name)  # logs each claim itself
        except Exception:
            logger.exception("scheduler tick failed; retrying in %ss", every)
        finally:
            close_old_connections()
        stop.wait(every)


def _seal_forever(stop: threading.Event, every: float) -> None:
    """Seal the access log's waiting reads into their chains until told to stop (P-G4): its own
    thread, as the periodic jobs' slots and run records are too coarse for a bound of seconds.
    A failing pass is logged and retried."""
    while not stop.is_set():
        try:
            chain.seal_all()
        except Exception:
            logger.exception("sealing the access log failed; retrying in %ss", every)
        finally:
            close_old_connections()
        stop.wait(every)
