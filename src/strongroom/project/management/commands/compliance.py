"""``strongroom compliance report``: every promise's live check and its evidence (P-G8), as
text, signed JSON or HTML; exit 1 when any promise fails."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.access.actor import cli_actor
from strongroom.security import compliance_report


class Command(BaseCommand):
    help = "Run every promise's live check: a text summary, signed JSON, or an HTML page."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{report}")
        report = sub.add_parser(
            "report", help="Check every promise; exit 1 when any fails.",
            description="Check every promise (P-A1 ... P-H1) with its live check. Exit status: "
            "0 when none fails (warnings allowed), 1 when any fails.",
        )
        report.add_argument("--json", action="store_true",
                            help="The report as JSON, signed with the audit signing key "
                            "(verify it offline with tools/verify_compliance_report.py).")
        report.add_argument("--html", type=Path, metavar="FILE",
                            help="Also write the report as a self-contained HTML page.")
        report.add_argument("--output", type=Path, metavar="FILE",
                            help="Write the text or JSON to FILE instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = compliance_report.build(cli_actor(command="compliance report"))
        text = (compliance_report.as_json(report) if options["json"]
                else compliance_report.as_text(report))
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        if options["html"]:
            options["html"].write_text(compliance_report.as_html(report), encoding="utf-8")
        if not report["ok"]:
            failing = [item["id"] for item in report["promises"] if item["status"] == "fail"]
            raise CommandError(f"{len(failing)} promise(s) fail: {', '.join(failing)}",
                               returncode=1)
