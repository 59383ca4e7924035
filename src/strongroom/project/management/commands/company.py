"""``strongroom company create|list|export|export-person|export-schema|terminate|...``."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.access.actor import Actor, cli_actor
from strongroom.platform.access.policy import NotFound
from strongroom.platform.lifecycle import (
    certificates,
    export,
    exportables,
    person_export,
    personal,
)
from strongroom.platform.lifecycle.actions import create_company, terminate_company
from strongroom.platform.lifecycle.selectors import termination_certificate
from strongroom.platform.tenancy.reference import REGIONS
from strongroom.platform.tenancy.selectors import operator_companies, operator_company
from strongroom.project.management.commands._base import (
    add_export_arguments,
    check_new_output,
    validation_error,
    write_export,
)


class Command(BaseCommand):
    help = "Create, list, export and terminate companies."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True,
            metavar="{create,list,export,export-person,export-schema,terminate,certificate,"
            "verify-certificate}",
        )
        create = sub.add_parser("create", help="Create a company and its first owner.")
        create.add_argument("--slug", required=True, help="URL name, e.g. nordlys")
        create.add_argument("--name", required=True, help="Legal name")
        create.add_argument("--country", required=True, help="ISO 3166-1 alpha-2, e.g. NO")
        create.add_argument(
            "--region", required=True, choices=sorted(REGIONS), help="Data-residency region"
        )
        create.add_argument("--currency", required=True, help="ISO 4217, e.g. NOK")
        create.add_argument("--owner-email", required=True, help="First owner's e-mail")
        create.add_argument("--owner-name", default="", help="First owner's full name")
        create.add_argument(
            "--fiscal-year-end", default="12-31", help="Month-day of year end (default 12-31)"
        )
        sub.add_parser("list", help="List companies (no company data beyond their names).")
        dump = sub.add_parser(
            "export", help="Write a company's records, files, members and history as one "
            "signed archive (decrypted: encrypt it with --recipient unless it stays local).",
        )
        dump.add_argument("slug", help="The company to export.")
        add_export_arguments(dump, suffix=".tar.gz")
        person = sub.add_parser(
            "export-person", help="Write everything held about one contact person or member "
            "of a company as one signed archive (decrypted: encrypt it with --recipient).",
        )
        person.add_argument("slug", help="The person's company.")
        who = person.add_mutually_exclusive_group(required=True)
        who.add_argument("--contact-person", metavar="ID", help="A contact person's id.")
        who.add_argument("--member", metavar="ID", help="A membership's id.")
        add_export_arguments(person, suffix=".tar.gz")
        sub.add_parser(
            "export-schema", help="Print the fields of every record type an export holds "
            "(Markdown, as docs/portability.md shows them).",
        )
        end = sub.add_parser(
            "terminate",
            help="Destroy every key of a company, close it and print its termination certificate.",
        )
        end.add_argument("slug", help="The company to terminate.")
        end.add_argument("--confirm", required=True, metavar="SLUG", help="The slug once more.")
        end.add_argument("--reason", required=True, help="Why (kept in the certificate).")
        cert = sub.add_parser("certificate", help="Print a company's termination certificate.")
        cert.add_argument("slug")
        check = sub.add_parser(
            "verify-certificate", help="Check a termination certificate's signatures."
        )
        check.add_argument("file", help="The certificate (JSON).")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = cli_actor(command="company " + options["action"])
        if options["action"] in ("terminate", "certificate", "verify-certificate"):
            self._termination(actor, options)
            return
        if options["action"] == "export":
            self._export(actor, options)
            return
        if options["action"] == "export-person":
            self._export_person(actor, options)
            return
        if options["action"] == "export-schema":
            self.stdout.write(exportables.schema_markdown(), ending="")
            return
        if options["action"] == "list":
            for company in operator_companies(actor):
                self.stdout.write(
                    f"{company.slug:<24} {company.name:<40} {company.country} "
                    f"{company.region:<10} {company.currency} {company.status}"
                )
            return
        try:
            month, day = (int(part) for part in options["fiscal_year_end"].split("-"))
        except ValueError:
            raise CommandError("--fiscal-year-end must look like 12-31") from None
        try:
            company = create_company(
                actor=actor,
                slug=options["slug"],
                name=options["name"],
                country=options["country"],
                region=options["region"],
                currency=options["currency"],
                owner_email=options["owner_email"],
                owner_name=options["owner_name"],
                fiscal_year_end=(month, day),
            )
        except ValidationError as exc:
            raise validation_error(exc) from exc
        self.stdout.write(self.style.SUCCESS(f"Created company {company.slug} ({company.name})."))

    def _termination(self, actor: Actor, options: dict[str, Any]) -> None:
        if options["action"] == "verify-certificate":
            try:
                text = Path(options["file"]).read_text(encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot read {options['file']}: {exc.strerror}") from None
            found = certificates.problems(text)
            for problem in found:
                self.stdout.write(f"INVALID {problem}")
            if found:
                raise CommandError("The certificate does not verify.", returncode=1)
            self.stdout.write(self.style.SUCCESS("OK: the certificate verifies."))
            return
        try:
            if options["action"] == "certificate":
                issued = termination_certificate(actor, options["slug"])
                self.stdout.write(issued.document, ending="")
                return
            company = operator_company(actor, options["slug"])
        except NotFound:
            raise CommandError(f"No such company or certificate: {options['slug']!r}.") from None
        try:
            certificate = terminate_company(
                actor=actor, company=company, reason=options["reason"],
                confirm_slug=options["confirm"],
            )
        except ValidationError as exc:
            raise validation_error(exc) from exc
        self.stdout.write(certificate.document, ending="")
        self.stderr.write(f"Terminated {company.slug}: its keys are destroyed.")

    def _export(self, actor: Actor, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        check_new_output(output)
        try:
            company = operator_company(actor, options["slug"])
        except NotFound:
            raise CommandError(f"No company {options['slug']!r}.") from None
        archive = write_export(
            lambda workdir: export.build(actor=actor, company=company, workdir=workdir),
            output, options["recipient"],
        )
        total = sum(archive.counts.values())
        sealed = f"encrypted to {options['recipient']}" if options["recipient"] else "unencrypted"
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {output} ({sealed}): {total} records of {len(archive.counts)} types, "
            f"{archive.files} files, installation {archive.manifest['installation_id'][:16]}."
        ))

    def _export_person(self, actor: Actor, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        check_new_output(output)
        kind, ident = ((personal.CONTACT, options["contact_person"]) if options["contact_person"]
                       else (personal.MEMBER, options["member"]))
        what = "contact person" if kind == personal.CONTACT else "member"
        try:
            company = operator_company(actor, options["slug"])
            person = person_export.find(actor, company, kind, ident)
        except NotFound:
            raise CommandError(f"No {what} {ident!r} in a company {options['slug']!r}.") from None
        archive = write_export(
            lambda workdir: person_export.build(
                actor=actor, company=company, kind=kind, person=person, workdir=workdir,
            ),
            output, options["recipient"],
        )
        sealed = f"encrypted to {options['recipient']}" if options["recipient"] else "unencrypted"
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {output} ({sealed}): {sum(archive.counts.values())} records about the "
            f"{what}, {archive.files} files."
        ))
