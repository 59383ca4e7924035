"""``strongroom group``: company groups, whose admins administer every company in the group;
their export."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from strongroom.platform.access.actor import Actor, cli_actor
from strongroom.platform.access.policy import NotFound
from strongroom.platform.accounts.selectors import account_by_email
from strongroom.platform.lifecycle import export
from strongroom.platform.tenancy import actions
from strongroom.platform.tenancy.selectors import operator_company, operator_group, operator_groups
from strongroom.project.management.commands._base import (
    add_export_arguments,
    check_new_output,
    validation_error,
    write_export,
)

T = TypeVar("T")
MEMBERSHIP_CHANGES = {
    "add-company": actions.add_company_to_group,
    "remove-company": actions.remove_company_from_group,
}
ADMIN_CHANGES = {
    "add-admin": actions.add_group_admin,
    "remove-admin": actions.remove_group_admin,
}


class Command(BaseCommand):
    help = "Create and change company groups (a set of companies with shared administrators)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="Create an empty group.")
        create.add_argument("--slug", required=True, help="Group name in commands, e.g. holding")
        create.add_argument("--name", required=True, help="Display name")
        sub.add_parser("list", help="List groups with their companies and admins.")
        dump = sub.add_parser(
            "export", help="Write the export archive of every active company of a group into "
            "one signed archive (decrypted: encrypt it with --recipient unless it stays local).",
        )
        dump.add_argument("group", help="Group slug")
        add_export_arguments(dump, suffix=".tar")
        for action in MEMBERSHIP_CHANGES:
            change = sub.add_parser(action, help=f"{action.split('-')[0].title()} a company.")
            change.add_argument("group", help="Group slug")
            change.add_argument("company", help="Company slug")
        for action in ADMIN_CHANGES:
            change = sub.add_parser(
                action, help=f"{action.split('-')[0].title()} an administrator of every company."
            )
            change.add_argument("group", help="Group slug")
            change.add_argument("email", help="E-mail address of an existing account")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        actor = cli_actor(command=f"group {action}")
        if action == "list":
            self._list(actor)
            return
        if action == "export":
            self._export(actor, options)
            return
        try:
            message = self._change(actor, action, options)
        except ValidationError as exc:
            raise validation_error(exc) from exc
        self.stdout.write(self.style.SUCCESS(message))

    def _export(self, actor: Actor, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        check_new_output(output)
        group = _lookup("group", options["group"], lambda: operator_group(actor, options["group"]))
        archive = write_export(
            lambda workdir: export.build_group(actor=actor, group=group, workdir=workdir),
            output, options["recipient"],
        )
        sealed = f"encrypted to {options['recipient']}" if options["recipient"] else "unencrypted"
        companies = ", ".join(f"{slug} ({n} records)" for slug, n in archive.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({sealed}): {companies}."))

    def _list(self, actor: Actor) -> None:
        groups = list(operator_groups(actor))
        if not groups:
            self.stdout.write("No company groups.")
        for group in groups:
            companies = ", ".join(c.slug for c in group.companies.all()) or "(no companies)"
            admins = ", ".join(u.email for u in group.admins.all()) or "(no admins)"
            self.stdout.write(f"{group.slug:<20} {group.name}\n  companies: {companies}")
            self.stdout.write(f"  admins:    {admins}")

    def _change(self, actor: Actor, action: str, options: dict[str, Any]) -> str:
        if action == "create":
            group = actions.create_company_group(
                actor=actor, slug=options["slug"], name=options["name"]
            )
            return f"Created group {group.slug} ({group.name})."
        group = _lookup("group", options["group"], lambda: operator_group(actor, options["group"]))
        if action in MEMBERSHIP_CHANGES:
            slug = options["company"]
            company = _lookup("company", slug, lambda: operator_company(actor, slug))
            MEMBERSHIP_CHANGES[action](actor=actor, group=group, company=company)
            return f"{action}: {company.slug} in {group.slug}."
        email = options["email"]
        user = _lookup("account", email, lambda: account_by_email(actor, email))
        ADMIN_CHANGES[action](actor=actor, group=group, user=user)
        return f"{action}: {user.email} for {group.slug}."


def _lookup(kind: str, name: str, find: Callable[[], T]) -> T:
    try:
        return find()
    except NotFound:
        raise CommandError(f"No {kind} called {name!r}.") from None
