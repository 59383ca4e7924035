"""Permission-matrix routes of support access (see tests/matrix.py): the company's pages and
API. The operator console's pages are tested in test_ops_console.py."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.matrix import MISSING, OWN, Route
from tests.support.factories import make_grant, make_session

MISSING_ID = 999_999
API = "api-1.0.0:"


def _grant_id(world: World, selector: str) -> int:
    if selector == MISSING:
        return MISSING_ID
    return make_grant(world.a if selector == OWN else world.b).pk


def _session_id(world: World, selector: str) -> int:
    if selector == MISSING:
        return MISSING_ID
    company = world.a if selector == OWN else world.b
    return make_session(make_grant(company), world.operator, company.members["employee"]).pk


def _web(suffix: str) -> Any:
    return lambda w, s: f"/c/{w.a.company.slug}/support/{suffix}"


def _api(suffix: str) -> Any:
    return lambda w, s: f"/api/v1/companies/{w.a.company.slug}/support/{suffix}"


def _grant_form(world: World) -> dict[str, Any]:
    return {"hours": "24", "scope": "read_only", "member": "", "note": "Ticket 42"}


def _grant_json(world: World) -> dict[str, Any]:
    return {"hours": 24, "scope": "full", "note": "Ticket 42"}


ROUTES: list[Route] = [
    Route("web:support_access", "GET", _web(""), "support.view"),
    Route("web:support_access", "POST", _web(""), "support.manage", data=_grant_form),
    Route(
        "web:support_grant_revoke", "POST",
        lambda w, s: f"/c/{w.a.company.slug}/support/grants/{_grant_id(w, s)}/revoke/",
        "support.manage", object_level=True,
    ),
    Route(
        "web:support_session", "GET",
        lambda w, s: f"/c/{w.a.company.slug}/support/sessions/{_session_id(w, s)}/",
        "support.view", object_level=True,
    ),
    Route(f"{API}list_support_grants", "GET", _api("grants"), "support.view", api=True),
    Route(
        f"{API}create_support_grant", "POST", _api("grants"), "support.manage", api=True,
        data=_grant_json,
    ),
    Route(
        f"{API}revoke_support_grant", "POST",
        lambda w, s: f"/api/v1/companies/{w.a.company.slug}/support/grants/"
        f"{_grant_id(w, s)}/revoke",
        "support.manage", api=True, object_level=True,
    ),
    Route(f"{API}list_support_sessions", "GET", _api("sessions"), "support.view", api=True),
    Route(
        f"{API}get_support_session", "GET",
        lambda w, s: f"/api/v1/companies/{w.a.company.slug}/support/sessions/"
        f"{_session_id(w, s)}",
        "support.view", api=True, object_level=True,
    ),
]
