"""Calls of the retention actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.platform.retention import actions
from strongroom.platform.retention.models import LegalHold
from tests.conftest import World


def _hold(world: World) -> LegalHold:
    return actions.place_legal_hold(actor=world.a.actor(perms.OWNER), reason="Tax audit")


CASES: dict[Callable[..., Any], Callable[[World, Actor], dict[str, Any]]] = {
    actions.place_legal_hold: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "reason": "Dispute with a supplier",
    },
    actions.release_legal_hold: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "hold": _hold(w), "reason": "Settled",
    },
}
