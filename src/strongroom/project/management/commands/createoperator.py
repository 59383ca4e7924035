"""``strongroom createoperator``: a platform operator account."""

from __future__ import annotations

import getpass
import os
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.access.actor import cli_actor
from strongroom.platform.accounts.actions import create_operator
from strongroom.project.management.commands._base import validation_error


class Command(BaseCommand):
    help = (
        "Create a platform operator. Operators manage the platform and never see company data. "
        "The password is read from STRONGROOM_OPERATOR_PASSWORD or asked for interactively."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="Full name")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("STRONGROOM_OPERATOR_PASSWORD", "")
        if not password:
            if not self.stdin_is_tty():
                raise CommandError("Set STRONGROOM_OPERATOR_PASSWORD or run interactively.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            user = create_operator(
                actor=cli_actor(command="createoperator"),
                email=options["email"],
                password=password,
                full_name=options["name"],
            )
        except ValidationError as exc:
            raise validation_error(exc) from exc
        self.stdout.write(self.style.SUCCESS(f"Created operator {user.email}."))

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin is not None and sys.stdin.isatty()
