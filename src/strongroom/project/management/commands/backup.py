"""``strongroom backup run|list|verify|restore|status``: encrypted backups (P-F1, P-F3)."""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.access.actor import Actor, cli_actor
from strongroom.platform.backups import catalogue, pgbackrest, postgresql, restic, runs
from strongroom.platform.backups.actions import record_restore
from strongroom.platform.backups.errors import BackupError
from strongroom.platform.backups.models import BackupRun
from strongroom.platform.backups.restore import restore_sqlite
from strongroom.platform.backups.status import status_document, status_lines


def _time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--time {text!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = "Take, list, verify and restore encrypted backups, and show their state."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True,
            metavar="{run,list,verify,restore,forget-keys,status,rotate-passphrase,"
            "pgbackrest-config}",
        )
        run = sub.add_parser("run", help="Back up now (what the hourly schedule runs).")
        run.add_argument("--location", help="Only this location (default: every location).")
        listing = sub.add_parser("list", help="Every backup in every location.")
        listing.add_argument("--location", help="Only this location.")
        listing.add_argument("--json", action="store_true", help="Machine-readable output.")
        verify = sub.add_parser(
            "verify", help="Read back and check what is stored; exit 1 on any fault."
        )
        verify.add_argument("--location", help="Only this location.")
        verify.add_argument(
            "--backup", help="Only this backup (run or snapshot id): compare with what was sent."
        )
        restore = sub.add_parser(
            "restore", help="Restore a backup into a new data directory (never over the live one)."
        )
        which = restore.add_mutually_exclusive_group(required=True)
        which.add_argument("--backup", help="A run id or records snapshot id (backup list).")
        which.add_argument("--time", help="The latest backup at or before this ISO 8601 time.")
        restore.add_argument("--target", required=True, help="A new, empty directory.")
        restore.add_argument("--location", help="Restore from this location (default: the first).")
        restore.add_argument(
            "--force", action="store_true",
            help="Overwrite a non-empty target (a live installation).",
        )
        forget = sub.add_parser(
            "forget-keys",
            help="Remove key-store backups taken before a time (erasure reaches backups now).",
        )
        forget.add_argument("--before", required=True, help="An ISO 8601 time.")
        forget.add_argument("--location", help="Only this location (default: every location).")
        rotate = sub.add_parser(
            "rotate-passphrase",
            help="Seal every location under a new passphrase (then configure the new one).",
        )
        rotate.add_argument(
            "--new-passphrase-file", required=True, help="A file holding the new passphrase."
        )
        rotate.add_argument("--location", help="Only this location (default: every location).")
        sub.add_parser(
            "pgbackrest-config",
            help="PostgreSQL: write pgBackRest's configuration; print the server's settings.",
        )
        status = sub.add_parser("status", help="Age of the last good backup, failures, drills.")
        status.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        actor = cli_actor(command=f"backup {action}")
        try:
            getattr(self, f"_{action.replace('-', '_')}")(actor, options)
        except BackupError as error:
            raise CommandError(str(error)) from None

    def _locations(self, options: dict[str, Any]) -> list[restic.Location]:
        name = options.get("location")
        locations = [restic.location(name)] if name else restic.configured_locations()
        if not locations:
            raise BackupError("no backup location is configured (STRONGROOM_BACKUP_LOCATIONS)")
        return locations

    def _run(self, actor: Actor, options: dict[str, Any]) -> None:
        done = runs.run_backups(
            actor, only=options.get("location"), progress=lambda line: self.stderr.write(line)
        )
        for run in done:
            outcome = f"{run.size_bytes} bytes, verified" if run.ok else f"FAILED: {run.error}"
            self.stdout.write(f"{run.location}: backup {run.run_id} {outcome}")
        failed = [run.location for run in done if not run.ok]
        if failed:
            raise CommandError(f"backup failed for {', '.join(failed)}")

    def _list(self, actor: Actor, options: dict[str, Any]) -> None:
        items = catalogue.list_backups(self._locations(options))
        if options["json"]:
            self.stdout.write(json.dumps(items, indent=2))
            return
        for item in items:
            size = "-" if item["size_bytes"] is None else str(item["size_bytes"])
            self.stdout.write(
                f"{item['location']:<10} {item['id']}  run {item['run'] or '-':<12} "
                f"{item['database']:<8} {item['started_at'][:19]}  {size:>12} bytes  "
                f"{'verified' if item['verified'] else 'unverified'}"
            )
        if not items:
            self.stdout.write("No backups yet.")

    def _verify(self, actor: Actor, options: dict[str, Any]) -> None:
        faults = catalogue.verify(
            self._locations(options), backup=options.get("backup"),
            progress=lambda line: self.stderr.write(line),
        )
        for fault in faults:
            self.stdout.write(f"FAULT {fault}")
        if faults:
            raise CommandError(f"{len(faults)} fault(s) found", returncode=1)
        self.stdout.write(self.style.SUCCESS("OK: every stored backup checked, no faults."))

    def _restore(self, actor: Actor, options: dict[str, Any]) -> None:
        where = self._locations(options)[0]
        at = _time(options["time"]) if options.get("time") else None
        if postgresql.in_use():
            started = time.monotonic()
            self.stderr.write(f"Restoring the PostgreSQL cluster from {where.name} ...")
            self.stdout.write(postgresql.restore(
                postgresql.configured_setup(), location=where.name,
                target=Path(options["target"]).resolve(), at=at, backup=options.get("backup"),
                force=options["force"],
            ))
            self.stdout.write(
                f"in {time.monotonic() - started:.1f} s. Start it with pg_ctl (archiving is off "
                "in the copy) and point STRONGROOM_DATABASE_URL at it."
            )
            return
        self.stderr.write(f"Restoring from {where.name} ({where.describe()}) ...")
        restored = restore_sqlite(
            where, target=Path(options["target"]).resolve(), backup=options.get("backup"),
            at=at, force=options["force"],
        )
        run = BackupRun.objects.filter(location=where.name, run_id=restored.run_id).first()
        if run is not None:
            record_restore(
                actor=actor, run=run, target=str(restored.target), seconds=restored.seconds
            )
        for line in restored.lines():
            self.stdout.write(line)
        self.stdout.write(
            f"Start it with STRONGROOM_DATA_DIR={restored.target} and the same secrets and "
            "root keyring as the installation it came from."
        )

    def _forget_keys(self, actor: Actor, options: dict[str, Any]) -> None:
        before = _time(options["before"])
        for where in self._locations(options):
            forgotten = runs.forget_key_snapshots(actor, where, before=before)
            self.stdout.write(f"{where.name}: {forgotten} key-store backup(s) removed")

    def _rotate_passphrase(self, actor: Actor, options: dict[str, Any]) -> None:
        if postgresql.in_use():
            raise BackupError(
                "pgBackRest repositories keep the cipher passphrase they were created with: "
                "rotate by starting new repositories (docs/backups.md)"
            )
        try:
            new = Path(options["new_passphrase_file"]).read_text().strip()
        except OSError as error:
            raise BackupError(f"cannot read the new passphrase: {error}") from None
        if len(new) < 32 or new == settings.STRONGROOM_BACKUP_PASSPHRASE:
            raise BackupError("the new passphrase must differ from the old and be 32+ characters")
        locations = self._locations(options)
        for where in locations:
            restic.change_passphrase(where, new=new)
            self.stdout.write(f"{where.name}: sealed under the new passphrase")
        runs.record_passphrase_rotation(actor, locations=[where.name for where in locations])
        self.stdout.write(
            "Now set STRONGROOM_BACKUP_PASSPHRASE(_FILE) to the new passphrase everywhere "
            "Strongroom runs; the old one opens nothing any more."
        )

    def _pgbackrest_config(self, actor: Actor, options: dict[str, Any]) -> None:
        setup = postgresql.configured_setup()
        pgbackrest.prepare(setup)
        self.stderr.write(f"Wrote {setup.config_path} (no secret in it).")
        self.stdout.write("# postgresql.conf (then restart PostgreSQL):")
        for name, value in pgbackrest.postgresql_settings(setup).items():
            quoted = value.replace("'", "''")
            self.stdout.write(f"{name} = '{quoted}'")
        names = ", ".join(sorted(pgbackrest.secret_environment(setup)))
        self.stdout.write(
            f"# PostgreSQL's environment needs {names}: the cipher passphrase is the backup "
            "passphrase, the S3 keys those of STRONGROOM_BACKUP_S3_*."
        )

    def _status(self, actor: Actor, options: dict[str, Any]) -> None:
        document = status_document(actor)
        if options["json"]:
            self.stdout.write(json.dumps(document, indent=2))
        else:
            for line in status_lines(document):
                self.stdout.write(line)
        if not document["healthy"]:
            raise CommandError("backups need attention", returncode=1)
