"""``strongroom serve``: gunicorn for the web, plus a job worker unless told otherwise.

Stopping is graceful (P-F5): on SIGTERM or SIGINT the instance first answers ``/readyz`` with
503 for ``STRONGROOM_DRAIN_SECONDS``, while it still serves, so the proxy's health check takes
it out of rotation; then gunicorn stops accepting and lets the requests in flight finish (up to
``--graceful-timeout`` seconds) before it exits.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.keys.errors import KeyStoreUnavailable
from strongroom.platform.keys.startup import check_key_store
from strongroom.platform.metrics import multiprocess as metrics
from strongroom.platform.readiness import DRAIN_FILE_VARIABLE
from strongroom.security import changelog

GUNICORN_CONFIG = "python:strongroom.project.gunicorn_config"


class Command(BaseCommand):
    help = "Serve Strongroom over HTTP (HAProxy with TLS in front in production: deploy render)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument(
            "--graceful-timeout", type=int, default=30,
            help="seconds the requests in flight get to finish when stopping",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start a background job worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            check_key_store()  # a wrong or missing root key must stop us before we serve
        except KeyStoreUnavailable as exc:
            raise CommandError(f"cannot start: {exc}") from None
        changelog.at_start()  # a new version or security configuration (P-G6)
        if settings.PRODUCTION:
            collect_static()
        drain_file = drain_marker(options["port"])
        url = f"http://{options['host']}:{options['port']}/"
        # One fresh metrics directory per instance, shared by gunicorn's workers and the job
        # worker (platform/metrics/multiprocess.py).
        os.environ[metrics.ENV] = str(metrics.prepare_directory(settings.DATA_DIR, options["port"]))
        children: list[subprocess.Popen[bytes]] = []
        if not options["no_worker"]:
            children.append(
                subprocess.Popen([sys.executable, "-m", "strongroom.project.cli", "worker"])
            )
        web = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "strongroom.project.wsgi:application",
                "--bind",
                f"{options['host']}:{options['port']}",
                "--workers",
                str(options["workers"]),
                "--graceful-timeout",
                str(options["graceful_timeout"]),
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                "127.0.0.1",
                "--no-control-socket",  # one path per host otherwise, shared by every instance
                "--config",
                GUNICORN_CONFIG,
            ],
            env={**os.environ, DRAIN_FILE_VARIABLE: str(drain_file)},
        )
        children.append(web)
        self.stdout.write(self.style.SUCCESS(f"Strongroom is serving on {url}"))
        self.stdout.flush()

        stopping: list[int] = []

        def stop(signum: int, frame: object) -> None:
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while web.poll() is None and not stopping:
                time.sleep(0.1)
            if stopping and web.poll() is None:
                drain(drain_file, web, children, wait=settings.STRONGROOM_DRAIN_SECONDS)
            code = web.wait()
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
                    child.wait(timeout=options["graceful_timeout"] + 5)
            drain_file.unlink(missing_ok=True)
        if code and not stopping:
            sys.exit(code)


def drain_marker(port: int) -> Path:
    """The file whose presence makes this instance's ``/readyz`` answer 503 (none at start)."""
    run = Path(settings.DATA_DIR) / "run"
    run.mkdir(parents=True, exist_ok=True)
    marker = run / f"serve-{port}.draining"
    marker.unlink(missing_ok=True)
    return marker


def drain(
    marker: Path, web: subprocess.Popen[bytes], children: list[subprocess.Popen[bytes]],
    *, wait: int,
) -> None:
    """Leave the rotation, keep serving ``wait`` seconds, then stop every child gracefully."""
    marker.touch()
    deadline = time.monotonic() + wait
    while web.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)


def collect_static() -> None:
    """``collectstatic`` into the data directory, one instance at a time: instances that share
    it and start together would otherwise write and compress the same files at once."""
    with (Path(settings.STATIC_ROOT).parent / ".collectstatic.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        call_command("collectstatic", interactive=False, verbosity=0)
