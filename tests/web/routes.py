"""Permission-matrix routes of the web shell (see tests/matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories import matrix_api_key
from tests.matrix import FOREIGN, MISSING, OWN, Route

MISSING_ID = 999_999


def _company(path: str = "") -> Any:
    return lambda world, selector: f"/c/{world.a.company.slug}/{path}"


def _member_id(world: World, selector: str) -> int:
    if selector == OWN:
        return world.a.members["employee"].pk
    if selector == FOREIGN:
        return world.b.members["employee"].pk
    assert selector == MISSING
    return MISSING_ID


def _role_id(world: World, selector: str) -> int:
    company = {OWN: world.a, FOREIGN: world.b}.get(selector)
    if company is None:
        return MISSING_ID
    assert company.custom_role is not None
    return company.custom_role.pk


def _member(suffix: str = "") -> Any:
    return lambda w, s: f"/c/{w.a.company.slug}/members/{_member_id(w, s)}/{suffix}"


def _role(suffix: str = "") -> Any:
    return lambda w, s: f"/c/{w.a.company.slug}/roles/{_role_id(w, s)}/{suffix}"


def _settings_data(world: World) -> dict[str, Any]:
    return {
        "name": "Acme Renamed AS",
        "country": "SE",
        "region": "eu-north",
        "currency": "SEK",
        "fiscal_year_end_month": "6",
        "fiscal_year_end_day": "30",
    }


def _member_add_data(world: World) -> dict[str, Any]:
    return {
        "email": "new.person@example.test",
        "full_name": "New Person",
        "role": "employee",
        "tags": "team:oslo",
    }


def _member_edit_data(world: World) -> dict[str, Any]:
    return {"role": "manager", "tags": "team:oslo, lead:oslo"}


def _role_data(world: World) -> dict[str, Any]:
    return {"name": "Bookkeeper", "permissions": ["company.view", "member.view"]}


def _api_key_data(world: World) -> dict[str, Any]:
    return {"name": "Export", "expires_in_days": "30"}


def _api_key_id(world: World, selector: str) -> int:
    if selector == MISSING:
        return MISSING_ID
    return matrix_api_key(world.a if selector == OWN else world.b).pk


def _api_key(suffix: str = "") -> Any:
    return lambda w, s: f"/c/{w.a.company.slug}/api-keys/{_api_key_id(w, s)}/{suffix}"


ROUTES: list[Route] = [
    Route("web:dashboard", "GET", _company(), "company.view"),
    Route("web:search", "GET", _company("search/?q=acme"), "company.view"),
    Route("web:company_settings", "GET", _company("settings/"), "company.manage"),
    Route(
        "web:company_settings", "POST", _company("settings/"), "company.manage",
        data=_settings_data,
    ),
    Route("web:members", "GET", _company("members/"), "member.view"),
    Route("web:member_add", "GET", _company("members/add/"), "member.manage"),
    Route(
        "web:member_add", "POST", _company("members/add/"), "member.manage",
        data=_member_add_data,
    ),
    Route("web:member_edit", "GET", _member(), "member.manage", object_level=True),
    Route(
        "web:member_edit", "POST", _member(), "member.manage", object_level=True,
        data=_member_edit_data,
    ),
    Route("web:member_remove", "POST", _member("remove/"), "member.manage", object_level=True),
    Route("web:member_history", "GET", _member("history/"), "member.view", object_level=True),
    Route("web:roles", "GET", _company("roles/"), "role.view"),
    Route("web:role_add", "GET", _company("roles/add/"), "role.manage"),
    Route("web:role_add", "POST", _company("roles/add/"), "role.manage", data=_role_data),
    Route("web:role_edit", "GET", _role(), "role.manage", object_level=True),
    Route(
        "web:role_edit", "POST", _role(), "role.manage", object_level=True, data=_role_data
    ),
    Route("web:role_delete", "POST", _role("delete/"), "role.manage", object_level=True),
    Route("web:role_history", "GET", _role("history/"), "role.view", object_level=True),
    Route("web:audit", "GET", _company("audit/"), "audit.view"),
    Route("web:access_log", "GET", _company("access-log/"), "access_log.view"),
    Route("web:member_security_events", "GET", _company("security/"), "security.view_members"),
    Route("web:api_keys", "GET", _company("api-keys/"), ""),
    Route("web:api_keys", "POST", _company("api-keys/"), "apikey.create", data=_api_key_data),
    Route(
        "web:api_key_revoke", "POST", _api_key("revoke/"), "apikey.revoke_any",
        object_level=True,
    ),
]
