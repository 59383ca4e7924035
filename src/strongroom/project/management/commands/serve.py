"""``strongroom serve``: gunicorn for the web, plus a job worker unless told otherwise."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.keys.errors import KeyStoreUnavailable
from strongroom.platform.keys.startup import check_key_store


class Command(BaseCommand):
    help = "Serve Strongroom over HTTP (HAProxy with TLS in front in production: deploy render)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start a background job worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            check_key_store()  # a wrong or missing root key must stop us before we serve
        except KeyStoreUnavailable as exc:
            raise CommandError(f"cannot start: {exc}") from None
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{options['host']}:{options['port']}/"
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
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ]
        )
        children.append(web)
        self.stdout.write(self.style.SUCCESS(f"Strongroom is serving on {url}"))
        self.stdout.flush()

        def stop(signum: int, frame: object) -> None:
            for child in children:
                child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            code = web.wait()
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
                    child.wait(timeout=30)
        if code:
            sys.exit(code)
