"""``strongroom company create|list``."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.tenancy.actions import create_company
from strongroom.platform.tenancy.actor import cli_actor
from strongroom.platform.tenancy.reference import REGIONS
from strongroom.platform.tenancy.selectors_platform import operator_companies
from strongroom.project.management.commands._base import validation_error


class Command(BaseCommand):
    help = "Create and list companies."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list}")
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

    def handle(self, *args: Any, **options: Any) -> None:
        actor = cli_actor(command="company " + options["action"])
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
