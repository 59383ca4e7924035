"""``strongroom drill run``: restore each location's latest backup and check it (P-F3)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.access.actor import cli_actor
from strongroom.platform.backups.drills import run_drills
from strongroom.platform.backups.errors import BackupError


class Command(BaseCommand):
    help = "Restore drills: restore the latest backup of each location into a throwaway copy."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{run}")
        run = sub.add_parser("run", help="Drill now (what the weekly schedule runs).")
        run.add_argument("--location", help="Only this location (default: every location).")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = cli_actor(command="drill run")
        try:
            drills = run_drills(actor, only=options.get("location"))
        except BackupError as error:
            raise CommandError(str(error)) from None
        for drill in drills:
            checks = ", ".join(f"{name} {outcome}" for name, outcome in drill.checks.items())
            outcome = "passed" if drill.ok else f"FAILED: {drill.error}"
            self.stdout.write(
                f"{drill.location}: drill {outcome}; restore {drill.restore_seconds:.1f} s; "
                f"recovery point {drill.recovery_point or '-'}; {checks or 'no checks ran'}"
            )
        if any(not drill.ok for drill in drills):
            raise CommandError("a restore drill failed", returncode=1)
