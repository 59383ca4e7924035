"""``strongroom apikey create``: an operator issues a key for a member (printed once)."""

from __future__ import annotations

from argparse import ArgumentParser
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from strongroom.identity.apikeys.actions import create_api_key
from strongroom.platform.access.actor import Channel, cli_actor
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.accounts.selectors import account_by_email
from strongroom.platform.tenancy import selectors
from strongroom.project.management.commands._base import validation_error


class Command(BaseCommand):
    help = "Issue API keys for members (the key is printed once and never stored)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create}")
        create = sub.add_parser("create", help="Create a key for a member of a company.")
        create.add_argument("--user", required=True, help="E-mail of the member")
        create.add_argument("--company", required=True, help="Company slug")
        create.add_argument("--name", default="Issued by an operator", help="What it is for")
        create.add_argument("--read-only", action="store_true", help="Reads only")
        create.add_argument("--expires", type=int, default=None, help="Days (default 90)")

    def handle(self, *args: Any, **options: Any) -> None:
        operator = cli_actor(command="apikey create")
        try:
            user = account_by_email(operator, options["user"])
            member = selectors.actor_for(user, options["company"], channel=Channel.CLI)
        except NotFound:
            raise CommandError(
                f"{options['user']} is not a member of a company called {options['company']!r}."
            ) from None
        # The key is the member's; the audit event names the command that issued it.
        actor = replace(
            member.with_request(
                channel=Channel.CLI, ip=None, user_agent="strongroom apikey", request_id=""
            ),
            credential="strongroom apikey create",
        )
        try:
            key, full_key = create_api_key(
                actor=actor,
                name=options["name"],
                read_only=options["read_only"],
                expires_in_days=options["expires"],
            )
        except ValidationError as exc:
            raise validation_error(exc) from exc
        except Forbidden as exc:
            raise CommandError(f"{user.email} may not hold API keys here: {exc}") from None
        self.stdout.write(
            f"Created {key.prefix}… for {user.email} in {options['company']}, "
            f"{'read-only, ' if key.read_only else ''}expires {key.expires_at:%Y-%m-%d}.\n"
            "Copy the key now; it is not stored and cannot be shown again:\n"
        )
        self.stdout.write(full_key)
