"""``strongroom keys status|rotate|retire-root|generate-root-key|search-tokens``: key rotation
(P-C3), and the search tokens of records written before search (P-C2)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.access.actor import Actor, cli_actor
from strongroom.platform.access.policy import NotFound
from strongroom.platform.keys import rotation_runs
from strongroom.platform.keys.errors import KeyStoreError
from strongroom.platform.keys.keyring import new_key_text
from strongroom.platform.keys.rotation_steps import BATCH, retire_root_key_version
from strongroom.platform.keys.scope import PLATFORM_LABEL, PLATFORM_SCOPE, is_platform
from strongroom.platform.keys.status import KeyStatus, key_status
from strongroom.platform.search.actions import fill_search_tokens
from strongroom.platform.tenancy.models import CompanyStatus
from strongroom.platform.tenancy.selectors import operator_companies, operator_company


def operator_company_id(actor: Actor, slug: str) -> int:
    try:
        return int(operator_company(actor, slug).pk)
    except NotFound:
        raise CommandError(f"No company {slug!r}.") from None


class Command(BaseCommand):
    help = "Show, rotate and retire encryption keys (never shows key material)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True,
            metavar="{status,rotate,retire-root,generate-root-key,search-tokens}",
        )
        status = sub.add_parser("status", help="Every key's version, state, age and schedule.")
        status.add_argument("--company", help="Only this company (slug).")
        status.add_argument("--json", action="store_true", help="Machine-readable output.")
        rotate = sub.add_parser(
            "rotate", help="New key versions, then rewrap (resumes an unfinished rotation)."
        )
        target = rotate.add_mutually_exclusive_group(required=True)
        target.add_argument("--company", help="Rotate this company's key (slug).")
        target.add_argument(
            "--all-companies", action="store_true",
            help="Every company's key and the platform key.",
        )
        target.add_argument(
            "--platform", action="store_true",
            help="The platform key (accounts' second-factor secrets).",
        )
        target.add_argument("--root", action="store_true", help="The root key.")
        rotate.add_argument(
            "--data-keys", action="store_true",
            help="Also give every data key a new version (old versions stay for decryption).",
        )
        rotate.add_argument("--batch", type=int, default=BATCH, help="Keys per transaction.")
        retire = sub.add_parser(
            "retire-root", help="Remove an old root version nothing is wrapped under any more."
        )
        retire.add_argument("version", type=int)
        tokens = sub.add_parser(
            "search-tokens",
            help="Give searchable records written before search (or imported) their tokens.",
        )
        tokens.add_argument("--company", help="Only this company (slug).")
        sub.add_parser("generate-root-key", help="Print a new random root key (base64).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "generate-root-key":
            self.stdout.write(new_key_text())
            return
        actor = cli_actor(command=f"keys {action}")
        try:
            if action == "status":
                company_id = self._company_id(actor, options.get("company"))
                self._status(key_status(actor, company_id=company_id), as_json=options["json"])
            elif action == "rotate":
                self._rotate(actor, options)
            elif action == "search-tokens":
                self._search_tokens(actor, options.get("company"))
            else:
                self.stdout.write(retire_root_key_version(actor=actor, version=options["version"]))
        except KeyStoreError as exc:
            raise CommandError(str(exc)) from None

    def _company_id(self, actor: Actor, slug: str | None) -> int | None:
        return operator_company_id(actor, slug) if slug else None

    def _search_tokens(self, actor: Actor, slug: str | None) -> None:
        companies = operator_companies(actor).filter(status=CompanyStatus.ACTIVE)
        if slug:
            companies = companies.filter(pk=operator_company_id(actor, slug))
        total = 0
        for company in companies:
            while done := fill_search_tokens(actor=actor, company=company):
                total += done
                self.stderr.write(f"  {company.slug}: {done} record(s) given search tokens")
        self.stdout.write(f"Search tokens: {total} record(s) filled in.")

    def _rotate(self, actor: Actor, options: dict[str, Any]) -> None:
        batch = options["batch"]
        if batch < 1:
            raise CommandError("--batch must be at least 1")

        def progress(line: str) -> None:
            self.stderr.write(f"  {line}")

        if options["root"]:
            if options["data_keys"]:
                raise CommandError("--data-keys goes with --company or --all-companies")
            root = rotation_runs.rotate_root(actor, batch=batch, progress=progress)
            self.stdout.write(self.style.SUCCESS(
                f"Root key version {root.version} is current; {root.rewrapped} company key "
                "version(s) rewrapped. Retire an unused old version with "
                "'strongroom keys retire-root VERSION' once every instance has restarted."
            ))
            return
        companies = rotation_runs.companies_with_keys()
        if options["company"]:
            companies = [operator_company_id(actor, options["company"])]
        elif options["platform"]:
            companies = [PLATFORM_SCOPE]
        for company_id in companies:
            label = PLATFORM_LABEL if is_platform(company_id) else f"company {company_id}"
            result = rotation_runs.rotate_company(
                actor, company_id, data_keys=options["data_keys"], batch=batch, progress=progress
            )
            if result.version is None:
                self.stdout.write(f"{label}: no key yet, nothing to rotate")
                continue
            self.stdout.write(self.style.SUCCESS(
                f"{label}: key v{result.version} active; "
                f"{result.data_keys_rotated} data key(s) given a new version, "
                f"{result.rewrapped} rewrapped, retired {result.retired or 'none'}"
            ))

    def _status(self, status: KeyStatus, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(status.as_json(), indent=2))
            return
        out = self.stdout.write
        out(f"Root key ({status.provider}), rotated every {status.root_rotation_days} days")
        for root in status.root:
            when = f", next rotation {root.next_rotation:%Y-%m-%d}" if root.next_rotation else ""
            flag = "  OVERDUE" if root.overdue else ""
            advice = "  (retire with: strongroom keys retire-root " f"{root.version})" \
                if root.state == "unused" else ""
            out(f"  v{root.version:<4} {root.state:<13} age {root.age_days} d, "
                f"{root.company_keys} company key(s){when}{flag}{advice}")
        out(f"Company keys (and the platform key), rotated every "
            f"{status.company_rotation_days} days")
        for company in status.companies:
            when = f"next rotation {company.next_rotation:%Y-%m-%d}" \
                if company.next_rotation else "no active key"
            flags = ("  OVERDUE" if company.overdue else "") + \
                ("  ROTATING (run keys rotate again)" if company.rotating else "")
            name = "platform (accounts' second-factor secrets)" if company.platform \
                else f"{company.slug or '(unknown)'} (id {company.company_id})"
            out(f"  {name}: {when}{flags}")
            for version in company.versions:
                out(f"    v{version.version:<4} {version.state:<13} age {version.age_days} d, "
                    f"under root v{version.root_version}, "
                    f"{version.data_key_versions} data key version(s)")
            oldest = company.oldest_data_key_days
            out(f"    data keys: {company.data_keys} live, {company.destroyed_data_keys} "
                f"destroyed, oldest current version {'-' if oldest is None else oldest} d")
