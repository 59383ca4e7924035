"""Every public write leaves at least one audit event; new actions must join this table."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from strongroom.platform.access import permissions as perms
from strongroom.platform.accounts import actions as account_actions
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy import actions as tenancy_actions
from strongroom.platform.tenancy.actor import Actor
from strongroom.platform.tenancy.models import CompanyGroup
from tests.conftest import World
from tests.factories import CustomRoleFactory, UserFactory

PASSWORD = "a long and unusual passphrase 42"
Build = Callable[[World, Actor], dict[str, Any]]



def _group(platform: Actor, *, with_company: World | None = None) -> CompanyGroup:
    group = CompanyGroup.objects.create(slug="holding", name="Holding")
    if with_company is not None:
        group.companies.add(with_company.a.company)
    return group


def _group_with_admin(platform: Actor, world: World) -> CompanyGroup:
    group = _group(platform, with_company=world)
    group.admins.add(world.b.user(perms.EMPLOYEE))
    return group


def _unused_role(world: World, _: Actor) -> dict[str, Any]:
    role = CustomRoleFactory(company=world.a.company, name="Unused")
    return {"actor": world.a.actor(perms.ADMIN), "role": role}


# name -> builder of keyword arguments (actors included) for one valid call.
TENANCY: dict[str, Build] = {
    "create_company": lambda w, p: {
        "actor": p, "slug": "initech", "name": "Initech", "country": "NO", "region": "eu-north",
        "currency": "NOK", "owner_email": "boss@initech.test",
    },
    "update_company": lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "company": w.a.company, "name": "Acme ASA",
    },
    "add_member": lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "email": "new@acme.test", "role": perms.EMPLOYEE,
    },
    "change_member_role": lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "membership": w.a.members[perms.EMPLOYEE],
        "role": perms.MANAGER,
    },
    "set_member_tags": lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "membership": w.a.members[perms.EMPLOYEE],
        "tags": ["team:oslo"],
    },
    "remove_member": lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "membership": w.a.members[perms.EMPLOYEE],
    },
    "create_custom_role": lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "name": "Viewer", "permissions": ["company.view"],
    },
    "update_custom_role": lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "role": w.a.custom_role, "permissions": ["role.view"],
    },
    "delete_custom_role": _unused_role,
    "create_company_group": lambda w, p: {"actor": p, "slug": "holding", "name": "Holding"},
    "add_company_to_group": lambda w, p: {
        "actor": p, "group": _group(p), "company": w.a.company,
    },
    "add_group_admin": lambda w, p: {
        "actor": p, "group": _group(p, with_company=w), "user": UserFactory(),
    },
    "remove_company_from_group": lambda w, p: {
        "actor": p, "group": _group(p, with_company=w), "company": w.a.company,
    },
    "remove_group_admin": lambda w, p: {
        "actor": p, "group": _group_with_admin(p, w), "user": w.b.user(perms.EMPLOYEE),
    },
}

ACCOUNTS: dict[str, Build] = {
    "create_operator": lambda w, p: {
        "actor": p, "email": "op2@platform.test", "password": PASSWORD,
    },
    "set_initial_password": lambda w, p: {
        "actor": p, "user": UserFactory(email="nopass@acme.test"), "password": PASSWORD,
    },
}

# Public functions of accounts.actions that are helpers run inside another action's
# transaction (they audit through it, and are covered through create_company/add_member).
ACCOUNT_HELPERS = {"ensure_member_user"}

CASES = [(tenancy_actions, n, b) for n, b in TENANCY.items()] + [
    (account_actions, n, b) for n, b in ACCOUNTS.items()
]


def test_every_tenancy_action_is_in_the_table() -> None:
    assert set(tenancy_actions.__all__) == set(TENANCY), (
        "tenancy.actions.__all__ and this table differ: add an entry that calls the new action"
    )


def test_every_account_action_is_in_the_table() -> None:
    public = {
        name for name, fn in inspect.getmembers(account_actions, inspect.isfunction)
        if not name.startswith("_") and fn.__module__ == account_actions.__name__
    }
    assert public == set(ACCOUNTS) | ACCOUNT_HELPERS


@pytest.mark.parametrize(("module", "name", "build"), CASES, ids=[c[1] for c in CASES])
def test_action_records_an_audit_event(
    world: World, platform_actor: Actor, module: Any, name: str, build: Build
) -> None:
    kwargs = build(world, platform_actor)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    getattr(module, name)(**kwargs)
    new = AuditEvent.objects.exclude(pk__in=before)
    assert new.exists(), f"{name} wrote without an audit event"
    actor: Actor = kwargs["actor"]
    for event in new:
        assert event.actor_name == actor.name
        assert event.channel == str(actor.channel)
        if actor.company is not None:
            assert event.company_id == actor.company.pk


def test_group_admin_of_empty_group_is_audited(world: World, platform_actor: Actor) -> None:
    """A write with no company to attribute it to is still audited (as a platform event)."""
    group = _group(platform_actor)
    user = UserFactory()
    tenancy_actions.add_group_admin(actor=platform_actor, group=group, user=user)
    event = AuditEvent.objects.get()
    assert (event.company_id, event.changes) == (None, {"admin": [None, user.email]})
