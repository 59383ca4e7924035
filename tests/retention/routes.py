"""Legal-hold pages and API operations for the permission matrix (tests/matrix.py)."""

from __future__ import annotations

import uuid
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.platform.retention import actions
from tests.conftest import CompanyWorld, World
from tests.matrix import FOREIGN, OWN, Route

API = "/api/v1/companies/acme/legal-holds"


def _hold_id(world: World, selector: str) -> uuid.UUID:
    company: CompanyWorld | None = {OWN: world.a, FOREIGN: world.b}.get(selector)
    if company is None:
        return uuid.uuid4()
    return actions.place_legal_hold(actor=company.actor(perms.OWNER), reason="Tax audit").pk


def _place(world: World) -> dict[str, Any]:
    return {"reason": "Dispute with a supplier"}


def _release(world: World) -> dict[str, Any]:
    return {"reason": "Settled"}


def _api(name: str, method: str, path: Any, permission: str, **kwargs: Any) -> Route:
    return Route(f"api-1.0.0:{name}", method, path, permission, api=True, **kwargs)


ROUTES: list[Route] = [
    Route("web:legal_holds", "GET", lambda w, s: "/c/acme/legal-holds/", "legal_hold.view"),
    Route(
        "web:legal_holds", "POST", lambda w, s: "/c/acme/legal-holds/", "legal_hold.manage",
        data=_place,
    ),
    Route(
        "web:legal_hold_release", "POST",
        lambda w, s: f"/c/acme/legal-holds/{_hold_id(w, s)}/release/", "legal_hold.manage",
        object_level=True, data=_release,
    ),
    _api("list_legal_holds", "GET", lambda w, s: API, "legal_hold.view"),
    _api("place_legal_hold", "POST", lambda w, s: API, "legal_hold.manage", data=_place),
    _api(
        "release_legal_hold", "POST", lambda w, s: f"{API}/{_hold_id(w, s)}/release",
        "legal_hold.manage", object_level=True, data=_release,
    ),
]
