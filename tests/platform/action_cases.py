"""Calls of the platform's actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.platform.accounts import actions as account_actions
from strongroom.platform.lifecycle import actions as lifecycle
from strongroom.platform.tenancy import actions as tenancy_actions
from strongroom.platform.tenancy.models import CompanyGroup, Tag
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
TENANCY: dict[Callable[..., Any], Build] = {
    lifecycle.create_company: lambda w, p: {
        "actor": p, "slug": "initech", "name": "Initech", "country": "NO", "region": "eu-north",
        "currency": "NOK", "owner_email": "boss@initech.test",
    },
    tenancy_actions.update_company: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "company": w.a.company, "name": "Acme ASA",
    },
    tenancy_actions.add_member: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "email": "new@acme.test", "role": perms.EMPLOYEE,
    },
    tenancy_actions.change_member_role: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "membership": w.a.members[perms.EMPLOYEE],
        "role": perms.MANAGER,
    },
    tenancy_actions.set_member_tags: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "membership": w.a.members[perms.EMPLOYEE],
        "tags": ["team:oslo"],
    },
    tenancy_actions.remove_member: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "membership": w.a.members[perms.EMPLOYEE],
    },
    tenancy_actions.create_custom_role: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "name": "Viewer", "permissions": ["company.view"],
    },
    tenancy_actions.update_custom_role: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "role": w.a.custom_role, "permissions": ["role.view"],
    },
    tenancy_actions.delete_custom_role: _unused_role,
    tenancy_actions.create_tag: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "name": "team:tromso", "description": "Tromsø office",
    },
    tenancy_actions.update_tag: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "tag": Tag.objects.get(company=w.a.company,
                                                                name="team:oslo"),
        "description": "Oslo office",
    },
    tenancy_actions.delete_tag: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN),
        "tag": Tag.objects.create(company=w.a.company, name="unused"),
    },
    tenancy_actions.create_company_group: lambda w, p: {
        "actor": p, "slug": "holding", "name": "Holding",
    },
    tenancy_actions.add_company_to_group: lambda w, p: {
        "actor": p, "group": _group(p), "company": w.a.company,
    },
    tenancy_actions.add_group_admin: lambda w, p: {
        "actor": p, "group": _group(p, with_company=w), "user": UserFactory(),
    },
    tenancy_actions.remove_company_from_group: lambda w, p: {
        "actor": p, "group": _group(p, with_company=w), "company": w.a.company,
    },
    lifecycle.record_company_export: lambda w, p: {
        "actor": p, "company": w.a.company, "counts": {"contacts.contactperson": 0}, "files": 0,
    },
    lifecycle.record_person_export: lambda w, p: {
        "actor": p, "company": w.a.company, "person": w.a.members[perms.EMPLOYEE],
        "counts": {"tenancy.membership": 1}, "files": 0,
    },
    lifecycle.terminate_company: lambda w, p: {
        "actor": p, "company": w.b.company, "reason": "Contract ended", "confirm_slug": "globex",
    },
    tenancy_actions.remove_group_admin: lambda w, p: {
        "actor": p, "group": _group_with_admin(p, w), "user": w.b.user(perms.EMPLOYEE),
    },
}

ACCOUNTS: dict[Callable[..., Any], Build] = {
    account_actions.create_operator: lambda w, p: {
        "actor": p, "email": "op2@platform.test", "password": PASSWORD,
    },
    account_actions.set_initial_password: lambda w, p: {
        "actor": p, "user": UserFactory(email="nopass@acme.test"), "password": PASSWORD,
    },
}

CASES = {**TENANCY, **ACCOUNTS}
