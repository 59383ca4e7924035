"""``strongroom demo``: seed the demo company and print how to sign in."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from strongroom.project.demo import email_of, seed_demo


class Command(BaseCommand):
    help = "Create the demo company (idempotent) and print its sign-in details."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with STRONGROOM_ENV=production",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to seed demo accounts in production.")
        company, logins, created = seed_demo()
        verb = "Created" if created else "Found"
        url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} demo company {company.name} ({company.slug}).")
        )
        self.stdout.write(f"\nSign in at {url}accounts/login/ with one of these demo accounts:")
        for person, password in logins:
            self.stdout.write(f"  {person.role:<11} {email_of(person):<28} password: {password}")
        self.stdout.write(
            "\nEvery account needs a second factor: the first sign-in asks you to set up an "
            "authenticator app (or a passkey later, under Two-factor authentication).\n"
        )
