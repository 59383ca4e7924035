"""Calls of identity's actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.identity import account_actions, actions
from strongroom.platform.access import permissions as perms
from strongroom.platform.tenancy.actor import Actor
from tests.conftest import World
from tests.factories import UserFactory, make_api_key

Build = Callable[[World, Actor], dict[str, Any]]

CASES: dict[Callable[..., Any], Build] = {
    actions.create_api_key: lambda w, p: {
        "actor": w.a.actor(perms.ACCOUNTANT), "name": "Case key",
    },
    actions.revoke_api_key: lambda w, p: {
        "actor": w.a.actor(perms.ACCOUNTANT),
        "key": make_api_key(w.a.members[perms.ACCOUNTANT])[0],
    },
    account_actions.deactivate_account: lambda w, p: {
        "actor": p, "user": w.a.user(perms.EMPLOYEE),
    },
    account_actions.reactivate_account: lambda w, p: {
        "actor": p, "user": UserFactory(is_active=False),
    },
    account_actions.reset_second_factors: lambda w, p: {
        "actor": p, "user": w.a.user(perms.EMPLOYEE),
    },
}
