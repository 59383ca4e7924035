"""Calls of the contacts actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.records.contacts import actions
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person

Build = Callable[[World, Actor], dict[str, Any]]


def _with_people(world: World, _: Actor) -> dict[str, Any]:
    organisation = make_organisation(world.a)
    make_person(world.a, organisation)
    make_person(world.a, organisation)
    return {"actor": world.a.actor(perms.ACCOUNTANT), "organisation": organisation}


CASES: dict[Callable[..., Any], Build] = {
    actions.create_organisation: lambda w, p: {
        "actor": w.a.actor(perms.MANAGER), "fields": {"name": "Initech AS", "country": "NO"},
    },
    actions.update_organisation: lambda w, p: {
        "actor": w.a.actor(perms.ACCOUNTANT), "organisation": make_organisation(w.a),
        "fields": {"city": "Bergen"},
    },
    actions.delete_organisation: _with_people,
    actions.create_contact_person: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "organisation": make_organisation(w.a),
        "fields": {"name": "Kari Nordmann", "email": "kari@initech.example"},
    },
    actions.update_contact_person: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "person": make_person(w.a),
        "fields": {"phone": "+47 912 34 567"},
    },
    actions.delete_contact_person: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "person": make_person(w.a),
    },
}
