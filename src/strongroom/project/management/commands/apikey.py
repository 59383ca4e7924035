"""``strongroom apikey create``: an operator issues a key for a member, only with the company's
consent (a live support grant covering the member) and only for an account with a second
factor; the key is printed once, and the member and the grantor are e-mailed at once (P-B4)."""

from __future__ import annotations

import getpass
import os
import socket
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from strongroom.identity.apikeys.actions import create_api_key
from strongroom.identity.factors.second_factor import has_second_factor
from strongroom.platform.access.actor import Channel, cli_actor
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.accounts.selectors import account_by_email
from strongroom.platform.tenancy import selectors
from strongroom.project.management.commands._base import validation_error
from strongroom.support.selectors import live_grant_covering

RULE = """\
The command line is no way around the company's consent or the member's second factor:
  - the member's account must have a second factor enrolled;
  - the company must have a live support grant that covers the member (Settings -> Support
    access): that grant is the company's consent to an operator acting for its member.
The key is read-only unless the grant is full, expires with the grant at the latest, stops
working when the grant is revoked, and is printed once to whoever runs the command. The member
and the admin who granted access are e-mailed at once (who issued it, role, expiry, how to
revoke); the company's audit log records it with channel "cli" and the issuing host user, and
every use names the key and the grant. Anything else is refused with a non-zero exit."""


def host_user() -> str:
    """Who runs the command on the server: the sudo caller if any, the login name, the host."""
    try:
        name = os.environ.get("SUDO_USER") or getpass.getuser()
    except (KeyError, OSError):
        name = f"uid {os.getuid()}"
    return f"{name}@{socket.gethostname()}"


class Command(BaseCommand):
    help = "Issue an API key for a member, within the company's support grant (printed once)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create}")
        create = sub.add_parser(
            "create", help="Create a key for a member of a company.", description=RULE,
            formatter_class=RawDescriptionHelpFormatter,
        )
        create.add_argument("--user", required=True, help="E-mail of the member")
        create.add_argument("--company", required=True, help="Company slug")
        create.add_argument("--name", default="Issued by an operator", help="What it is for")
        create.add_argument("--read-only", action="store_true", help="Reads only")
        create.add_argument(
            "--expires", type=int, default=None, help="Days (default 90; never past the grant)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        issuer = f"{host_user()} on the command line"
        operator = cli_actor(command="apikey create")
        try:
            user = account_by_email(operator, options["user"])
            member = selectors.actor_for(user, options["company"], channel=Channel.CLI)
            if member.membership is None:  # a group's administrator, not a member
                raise NotFound()
        except NotFound:
            raise CommandError(
                f"{options['user']} is not a member of a company called {options['company']!r}."
            ) from None
        if not has_second_factor(user):
            raise CommandError(
                f"{user.email} has no second factor enrolled: keys are issued only for accounts "
                "with one. The member can enrol a factor and create a key in the web."
            )
        grant = live_grant_covering(operator, member.membership)
        if grant is None:
            raise CommandError(
                f"{options['company']} has no live support grant that covers {user.email}: "
                "a key is issued from the command line only with the company's consent "
                "(an admin grants support access under Settings -> Support access)."
            )
        # The key is the member's; the audit event names the command and who ran it.
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
                issued_by=issuer,
                support_grant=grant,
            )
        except ValidationError as exc:
            raise validation_error(exc) from exc
        except Forbidden as exc:
            raise CommandError(f"{user.email} may not hold API keys here: {exc}") from None
        self.stdout.write(
            f"Created {key.prefix}… for {user.email} in {options['company']} under support "
            f"grant #{grant.pk}, {'read-only, ' if key.read_only else ''}"
            f"expires {key.expires_at:%Y-%m-%d %H:%M} UTC. {user.email} and "
            f"{grant.granted_by.email} have been e-mailed.\n"
            "Copy the key now; it is not stored and cannot be shown again:\n"
        )
        self.stdout.write(full_key)
