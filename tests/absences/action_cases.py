"""Calls of the absences actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.records.absences.actions import requests, types
from strongroom.records.absences.models import Absence
from tests.absences.helpers import day, standard_types
from tests.conftest import World

Build = Callable[[World, Any], dict[str, Any]]


def _absence(world: World) -> Absence:
    return requests.request_absence(
        actor=world.a.actor(perms.EMPLOYEE), absence_type=standard_types(world.a)["vacation"],
        start_date=day(0), end_date=day(2), note="Family visit",
    )


def _vacation(world: World) -> Any:
    return standard_types(world.a)["vacation"]


CASES: dict[Callable[..., Any], Build] = {
    types.create_absence_type: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "name": "Welfare leave", "category": "other",
    },
    types.update_absence_type: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "absence_type": _vacation(w), "name": "Holiday",
        "category": "vacation", "needs_approval": True, "yearly_entitlement": Decimal(30),
        "is_active": True,
    },
    types.add_standard_absence_types: lambda w, p: {"actor": w.a.actor(perms.ADMIN)},
    types.set_entitlement: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "member": w.a.members[perms.EMPLOYEE],
        "absence_type": _vacation(w), "year": 2031, "days": Decimal("27.5"),
    },
    requests.request_absence: lambda w, p: {
        "actor": w.a.actor(perms.EMPLOYEE), "absence_type": _vacation(w),
        "start_date": day(0), "end_date": day(4), "note": "Summer",
    },
    requests.cancel_absence: lambda w, p: {
        "actor": w.a.actor(perms.EMPLOYEE), "absence": _absence(w),
    },
    requests.change_absence_note: lambda w, p: {
        "actor": w.a.actor(perms.EMPLOYEE), "absence": _absence(w), "note": "Changed plans",
    },
}
