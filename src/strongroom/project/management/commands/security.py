"""``strongroom security scan|gate|findings|incident|changes``: dependency scans, the release
gate, the findings register (P-G2), the incident register (P-G3, in ``_incidents.py``) and the
change log (P-G6)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from strongroom.platform.access.actor import cli_actor
from strongroom.project.management.commands import _incidents
from strongroom.security import change_selectors, gate, runner, selectors
from strongroom.security.models import ChangeKind, Status
from strongroom.security.scan import Hit, ScanFailed

DEFAULT_EXCEPTIONS = Path("requirements/vulnerability-exceptions.toml")


def _hit(hit: Hit) -> dict[str, Any]:
    return {"package": hit.package, "version": hit.version, "advisory": hit.advisory_id,
            "aliases": list(hit.aliases), "severity": hit.severity,
            "severity_note": hit.severity_note, "fixed_versions": list(hit.fixed_versions)}


class Command(BaseCommand):
    help = ("Scan dependencies for known vulnerabilities, gate a release, list findings, run "
            "the incident register, list the change log.")
    requires_system_checks: list[str] = []  # the CI gate runs without a configured installation

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{scan,gate,findings,incident,changes}"
        )
        for name, text in (
            ("scan", "Scan and record the findings in the register (what the weekly job runs)."),
            ("gate", "Exit 1 on a high or critical finding without a live exception (CI)."),
        ):
            cmd = sub.add_parser(name, help=text)
            cmd.add_argument("--offline", type=Path, metavar="DIR",
                             help="OSV advisory directory (default: pip-audit online, or "
                             "STRONGROOM_SECURITY_ADVISORY_DIR for scan).")
            cmd.add_argument("--requirements", type=Path, metavar="FILE",
                             help="A pinned requirements or lock file (default: this environment).")
            cmd.add_argument("--json", action="store_true", help="Machine-readable output.")
            if name == "gate":
                cmd.add_argument("--exceptions", type=Path, default=None,
                                 help=f"Reviewed exceptions (default: {DEFAULT_EXCEPTIONS}).")
        findings = sub.add_parser("findings", help="The findings register.")
        findings.add_argument("--status", choices=[s.value for s in Status])
        findings.add_argument("--overdue", action="store_true", help="Only open ones past due.")
        findings.add_argument("--json", action="store_true", help="Machine-readable output.")
        _incidents.add_arguments(sub)
        changes = sub.add_parser("changes", help="The change log, newest first.")
        changes.add_argument("--kind", choices=[k.value for k in ChangeKind])
        changes.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except ScanFailed as error:
            raise CommandError(f"scan failed, nothing is known to be clean: {error}") from None

    def _scan(self, options: dict[str, Any]) -> None:
        actor = cli_actor(command="security scan")
        advisory_dir = options["offline"] or runner.configured_advisory_dir()
        run, hits = runner.run_and_record(
            actor, advisory_dir=advisory_dir, requirements=options["requirements"]
        )
        if options["json"]:
            self.stdout.write(json.dumps({"scan": run.pk, "packages": run.packages,
                                          "findings": [_hit(h) for h in hits]}, indent=2))
            return
        self.stdout.write(f"{run.packages} packages scanned ({run.advisory_source}), "
                          f"{len(hits)} finding(s)")
        for hit in hits:
            self.stdout.write(f"  {hit.severity:8} {hit.package} {hit.version} {hit.advisory_id}")

    def _gate(self, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        path = options["exceptions"] or DEFAULT_EXCEPTIONS
        if options["exceptions"] is None and not path.exists():
            exceptions: list[gate.Exception_] = []
        else:
            exceptions = gate.load_exceptions(path, today)
        packages, _ = runner.packages_of(options["requirements"])
        hits, source = runner.find(packages, options["offline"])
        verdict = gate.judge(hits, exceptions, today)
        if options["json"]:
            self.stdout.write(json.dumps({
                "passed": verdict.passed, "source": source, "packages": len(packages),
                "blocking": [_hit(h) for h in verdict.blocking],
                "excepted": [{**_hit(h), "expires": str(e.expires)} for h, e in verdict.excepted],
                "below_gate": [_hit(h) for h in verdict.other],
            }, indent=2))
        else:
            self.stdout.write(f"{len(packages)} packages checked against {source}")
            for hit, item in verdict.excepted:
                self.stdout.write(f"  excepted until {item.expires}: {hit.package} "
                                  f"{hit.advisory_id} ({hit.severity})")
            for hit, item in verdict.expired:
                self.stdout.write(f"  exception EXPIRED {item.expires}: {hit.package} "
                                  f"{hit.advisory_id}")
            for hit in verdict.blocking:
                self.stdout.write(f"  BLOCKING {hit.severity}: {hit.package} {hit.version} "
                                  f"{hit.advisory_id} ({hit.severity_note})")
        if not verdict.passed:
            raise CommandError(f"{len(verdict.blocking)} high or critical finding(s) without a "
                               "live exception", returncode=1)

    def _incident(self, options: dict[str, Any]) -> None:
        _incidents.run(options, self.stdout)

    def _findings(self, options: dict[str, Any]) -> None:
        actor = cli_actor(command="security findings")
        rows = (selectors.overdue(actor, timezone.now()) if options["overdue"]
                else selectors.findings(actor, status=options["status"]))
        if options["json"]:
            self.stdout.write(json.dumps([{
                "id": f.pk, "source": f.source, "package": f.package,
                "version": f.installed_version, "advisory": f.advisory_id,
                "aliases": f.aliases, "severity": f.severity, "status": f.status,
                "first_seen": f.first_seen.isoformat(), "due": f.due_at.isoformat(),
                "owner": f.owner.email if f.owner else None,
                "exception_expires": str(f.exception_expires or "") or None,
            } for f in rows], indent=2))
            return
        for f in rows:
            self.stdout.write(f"{f.pk:5} {f.status:8} {f.severity:8} due {f.due_at:%Y-%m-%d}  "
                              f"{f.package} {f.installed_version} {f.advisory_id}")

    def _changes(self, options: dict[str, Any]) -> None:
        actor = cli_actor(command="security changes")
        rows = change_selectors.changes(actor, kind=options["kind"])
        if options["json"]:
            self.stdout.write(json.dumps([{
                "kind": e.kind, "at": e.recorded_at.isoformat(), "summary": e.summary,
                "version": e.version, "commit": e.commit, "settings": e.settings_changed,
                "note": e.note, "author": e.author or None,
                "planned_for": e.planned_for.isoformat() if e.planned_for else None,
            } for e in rows], indent=2))
            return
        for e in rows:
            self.stdout.write(f"{e.recorded_at:%Y-%m-%d %H:%M}  {e.kind:13} {e.summary}")
