"""Calls of the support actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, user_actor
from strongroom.support import actions
from strongroom.support.actions.sessions import SupportRefused
from strongroom.support.impersonation import session_actor
from strongroom.support.models import GrantScope
from tests.conftest import World
from tests.support.factories import make_grant, make_session

Build = Callable[[World, Actor], dict[str, Any]]


def _start(world: World, _: Actor) -> dict[str, Any]:
    make_grant(world.a)
    return {
        "actor": user_actor(world.operator), "company": world.a.company,
        "member_email": world.a.user(perms.ADMIN).email, "reason": "Ticket 42",
    }


def _end(world: World, _: Actor) -> dict[str, Any]:
    session = make_session(make_grant(world.a), world.operator, world.a.members[perms.ADMIN])
    return {"actor": user_actor(world.operator), "session": session}


def _refused(world: World, _: Actor) -> dict[str, Any]:
    return {
        "actor": user_actor(world.operator),
        "refusal": SupportRefused("the company has no live support grant", company=world.a.company),
        "member_email": world.a.user(perms.ADMIN).email, "reason": "Ticket 42",
    }


def _request(world: World, _: Actor) -> dict[str, Any]:
    session = make_session(make_grant(world.a), world.operator, world.a.members[perms.ADMIN])
    return {
        "actor": session_actor(session), "session": session, "method": "GET",
        "path": "/c/acme/members/", "status": 200,
    }


CASES: dict[Callable[..., Any], Build] = {
    actions.grant_support_access: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "hours": 24, "scope": GrantScope.READ_ONLY,
        "member": w.a.members[perms.EMPLOYEE], "note": "Ticket 42",
    },
    actions.revoke_support_grant: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN),
        "grant": make_session(
            make_grant(w.a), w.operator, w.a.members[perms.EMPLOYEE]
        ).grant,
    },
    actions.start_support_session: _start,
    actions.end_support_session: _end,
    actions.record_refused_support_attempt: _refused,
    actions.record_support_request: _request,
}
