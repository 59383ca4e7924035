"""``strongroom account``: deactivate, reactivate, or reset the second factors of an account."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from strongroom.identity import account_actions
from strongroom.platform.access.actor import cli_actor
from strongroom.platform.access.policy import NotFound
from strongroom.platform.accounts.selectors import account_by_email


class Command(BaseCommand):
    help = "Deactivate or reactivate an account, or reset its second factors (ends sessions)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        for action, text in (
            ("deactivate", "Stop the account signing in or using API keys; end its sessions."),
            ("reactivate", "Let a deactivated account sign in again."),
            ("reset-factors", "Remove all second factors (a locked-out user); end sessions."),
        ):
            sub.add_parser(action, help=text).add_argument("email", help="The account's e-mail")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        actor = cli_actor(command=f"account {action}")
        try:
            user = account_by_email(actor, options["email"])
        except NotFound:
            raise CommandError(f"No account for {options['email']!r}.") from None
        if action == "deactivate":
            account_actions.deactivate_account(actor=actor, user=user)
            self.stdout.write(f"Deactivated {user.email}; its sessions have ended.")
        elif action == "reactivate":
            account_actions.reactivate_account(actor=actor, user=user)
            self.stdout.write(f"Reactivated {user.email}.")
        else:
            removed = account_actions.reset_second_factors(actor=actor, user=user)
            self.stdout.write(
                f"Removed {removed} factor record(s) of {user.email} and ended its sessions; "
                "it enrols a new factor at its next sign-in."
            )
