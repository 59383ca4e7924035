"""``strongroom audit verify|export|checkpoint|seal|public-key``: tamper evidence (P-D2)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.access.actor import cli_actor
from strongroom.platform.access.policy import NotFound
from strongroom.platform.history import bundle, chain, checkpoints, read_log, signing
from strongroom.platform.history.verify import verify
from strongroom.platform.tenancy.models import Company
from strongroom.platform.tenancy.selectors import operator_company


class Command(BaseCommand):
    help = "Verify, export and checkpoint the hash-chained history."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{verify,export,checkpoint,seal,public-key}"
        )
        check = sub.add_parser(
            "verify",
            help="Check every chain, checkpoint signature and tracked record; exit 1 on findings.",
        )
        check.add_argument("--company", help="Only this company (slug).")
        check.add_argument("--quiet", action="store_true", help="No progress lines.")
        export = sub.add_parser(
            "export", help="Write a company's history as a bundle for offline verification."
        )
        export.add_argument("--company", required=True, help="Company slug.")
        export.add_argument("--output", help="File to write (default: standard output).")
        sign = sub.add_parser("checkpoint", help="Sign a checkpoint of chains whose head moved.")
        sign.add_argument("--company", help="Only this company's chains (slug).")
        sub.add_parser(
            "seal", help="Seal access-log entries still waiting into their chains (as the "
            "worker does every second)."
        )
        sub.add_parser("public-key", help="Print the current audit public key and its id.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        company = self._company(options.get("company"), action)
        if action == "verify":
            self._verify(company, quiet=options["quiet"])
        elif action == "export":
            assert company is not None  # noqa: S101 (--company is required)
            self._export(company, options.get("output"))
        elif action == "checkpoint":
            self._checkpoint(company)
        elif action == "seal":
            self.stdout.write(f"{chain.seal_all()} access-log entries sealed.")
        else:
            public = signing.signing_key().public_key()
            self.stdout.write(f"key id     {signing.key_id(public)}")
            self.stdout.write(f"public key {signing.encode_public(public)}")

    def _company(self, slug: str | None, action: str) -> Company | None:
        if not slug:
            return None
        try:
            return operator_company(cli_actor(command=f"audit {action}"), slug)
        except NotFound:
            raise CommandError(f"No company {slug!r}.") from None

    def _verify(self, company: Company | None, *, quiet: bool) -> None:
        def progress(line: str) -> None:
            if not quiet:
                self.stderr.write(f"  {line}")

        report = verify(company=company, progress=progress)
        for finding in report.findings:
            self.stdout.write(f"FINDING {finding}")
        summary = (
            f"{report.chains} chains, {report.entries} entries, {report.checkpoints} "
            f"checkpoints, {report.records} records checked"
        )
        if not report.ok:
            raise CommandError(f"{len(report.findings)} finding(s); {summary}.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"OK: {summary}; no findings."))

    def _export(self, company: Company, output: str | None) -> None:
        # The export hands out the company's history: it goes in the company's own access log
        # first (P-G4, P-B4), so the bundle and its checkpoint include the export itself.
        reader = replace(cli_actor(command="audit export"), company=company)
        read_log.note_read(reader, company, purpose="export")
        read_log.flush()
        if output:
            path = Path(output)
            with path.open("w", encoding="utf-8") as handle:
                counts = bundle.write(company, handle)
            self.stderr.write(
                f"Wrote {path}: {counts['entries']} entries, {counts['checkpoints']} checkpoints."
            )
        else:
            bundle.write(company, sys.stdout)

    def _checkpoint(self, company: Company | None) -> None:
        if company is not None:
            signed = checkpoints.checkpoint_company(company.pk)
            for checkpoint in signed:
                self.stdout.write(f"{checkpoint.chain_key} @ {checkpoint.size}")
            return
        chain.seal_all()
        keys = checkpoints.chains_needing_checkpoint()
        for key in keys:
            checkpoints.checkpoint_now(key)
        self.stdout.write(f"{len(keys)} chain(s) checkpointed.")
