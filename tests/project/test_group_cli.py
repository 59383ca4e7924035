"""``strongroom group``: a group admin administers every company of the group, and no more."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.policy import NotFound
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy import selectors
from tests.conftest import World


def group(*args: str) -> str:
    out = StringIO()
    call_command("group", *args, stdout=out)
    return out.getvalue()


def test_a_group_admin_administers_each_company_until_removed(world: World) -> None:
    consultant = world.b.user(perms.EMPLOYEE)  # a member of globex only
    with pytest.raises(NotFound):
        selectors.actor_for(consultant, "acme")
    assert "Created group holding" in group("create", "--slug", "holding", "--name", "Holding")
    group("add-company", "holding", "acme")
    group("add-admin", "holding", consultant.email.upper())
    actor = selectors.actor_for(consultant, "acme")
    assert actor.role == perms.ADMIN
    assert actor.via_group is not None
    assert actor.via_group.slug == "holding"
    listing = group("list")
    assert "companies: acme" in listing
    assert consultant.email in listing
    group("remove-admin", "holding", consultant.email)
    with pytest.raises(NotFound):
        selectors.actor_for(consultant, "acme")
    acme_events = AuditEvent.objects.filter(company=world.a.company).values_list(
        "event_type", "channel"
    )
    assert list(acme_events.order_by("id")) == [
        (T.GROUP_COMPANY_ADDED, "cli"),
        (T.GROUP_ADMIN_ADDED, "cli"),
        (T.GROUP_ADMIN_REMOVED, "cli"),
    ]


def test_removing_the_company_ends_the_admins_access(world: World) -> None:
    consultant = world.b.user(perms.EMPLOYEE)
    group("create", "--slug", "holding", "--name", "Holding")
    group("add-company", "holding", "acme")
    group("add-admin", "holding", consultant.email)
    group("remove-company", "holding", "acme")
    with pytest.raises(NotFound):
        selectors.actor_for(consultant, "acme")
    assert AuditEvent.objects.filter(
        company=world.a.company, event_type=T.GROUP_COMPANY_REMOVED
    ).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add-company", "nope", "acme"), "No group called 'nope'"),
        (("add-company", "holding", "nope"), "No company called 'nope'"),
        (("add-admin", "holding", "nobody@nowhere.test"), "No account called"),
        (("add-admin", "holding", "operator@platform.test"), "Operator accounts cannot"),
        (("remove-company", "holding", "globex"), "globex is not in holding"),
        (("remove-admin", "holding", "owner@acme.test"), "does not administer holding"),
        (("create", "--slug", "holding", "--name", "Again"), "already exists"),
    ],
)
def test_clear_errors(world: World, args: tuple[str, ...], message: str) -> None:
    group("create", "--slug", "holding", "--name", "Holding")
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=message):
        group(*args)
    assert AuditEvent.objects.count() == before


def test_adding_twice_is_refused(world: World) -> None:
    group("create", "--slug", "holding", "--name", "Holding")
    group("add-company", "holding", "acme")
    with pytest.raises(CommandError, match="already in holding"):
        group("add-company", "holding", "acme")
