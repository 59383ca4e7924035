"""Every API operation for the permission matrix (tests/matrix.py). GET /me is not here:
it is not company-scoped and is tested in test_me.py."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories import matrix_api_key
from tests.matrix import FOREIGN, MISSING, OWN, Route

# Route names are "<URL namespace>:<operationId>"; every operation's URL name is its id.
PREFIX = "api-1.0.0:"
BASE = "/api/v1/companies/acme"
MISSING_ID = 999999


def _company(world: World, selector: str) -> str:
    return BASE


def _member_id(world: World, selector: str) -> int:
    if selector == OWN:
        return world.a.members["employee"].pk
    if selector == FOREIGN:
        return world.b.members["employee"].pk
    assert selector == MISSING
    return MISSING_ID


def _role_id(world: World, selector: str) -> int:
    if selector == OWN:
        assert world.a.custom_role is not None
        return world.a.custom_role.pk
    if selector == FOREIGN:
        assert world.b.custom_role is not None
        return world.b.custom_role.pk
    return MISSING_ID


def _member(world: World, selector: str) -> str:
    return f"{BASE}/members/{_member_id(world, selector)}"


def _role(world: World, selector: str) -> str:
    return f"{BASE}/roles/{_role_id(world, selector)}"


def _company_patch(world: World) -> dict[str, Any]:
    return {"name": "Acme Holding AS", "currency": "SEK"}


def _new_member(world: World) -> dict[str, Any]:
    return {"email": "newcomer@acme.test", "role": "employee", "tags": ["team:oslo"]}


def _member_patch(world: World) -> dict[str, Any]:
    return {"role": "accountant", "tags": ["team:oslo"]}


def _new_role(world: World) -> dict[str, Any]:
    return {"name": "Payroll", "permissions": ["company.view", "member.view"]}


def _role_patch(world: World) -> dict[str, Any]:
    return {"name": "Readers", "permissions": ["company.view"]}


def _api_key(world: World, selector: str) -> str:
    if selector == MISSING:
        return f"{BASE}/api-keys/{MISSING_ID}"
    key = matrix_api_key(world.a if selector == OWN else world.b)
    return f"{BASE}/api-keys/{key.pk}"


def _api(name: str, method: str, path: Any, permission: str, **kwargs: Any) -> Route:
    return Route(f"{PREFIX}{name}", method, path, permission, api=True, **kwargs)


ROUTES: list[Route] = [
    _api("get_company", "GET", _company, "company.view"),
    _api("update_company", "PATCH", _company, "company.manage", data=_company_patch),
    _api("list_permissions", "GET", lambda w, s: f"{BASE}/permissions", "company.view"),
    _api("list_members", "GET", lambda w, s: f"{BASE}/members", "member.view"),
    _api("get_member", "GET", _member, "member.view", object_level=True),
    _api(
        "member_history", "GET", lambda w, s: f"{_member(w, s)}/history", "member.view",
        object_level=True,
    ),
    _api("add_member", "POST", lambda w, s: f"{BASE}/members", "member.manage", data=_new_member),
    _api("update_member", "PATCH", _member, "member.manage", object_level=True, data=_member_patch),
    _api("remove_member", "DELETE", _member, "member.manage", object_level=True),
    _api("list_roles", "GET", lambda w, s: f"{BASE}/roles", "role.view"),
    _api("get_role", "GET", _role, "role.view", object_level=True),
    _api(
        "role_history", "GET", lambda w, s: f"{_role(w, s)}/history", "role.view",
        object_level=True,
    ),
    _api("create_role", "POST", lambda w, s: f"{BASE}/roles", "role.manage", data=_new_role),
    _api("update_role", "PATCH", _role, "role.manage", object_level=True, data=_role_patch),
    _api("delete_role", "DELETE", _role, "role.manage", object_level=True),
    _api("list_audit_events", "GET", lambda w, s: f"{BASE}/audit-events", "audit.view"),
    _api("list_access_reads", "GET", lambda w, s: f"{BASE}/access-log", "access_log.view"),
    _api("list_api_keys", "GET", lambda w, s: f"{BASE}/api-keys", "apikey.view_any"),
    _api("revoke_api_key", "DELETE", _api_key, "apikey.revoke_any", object_level=True),
]
