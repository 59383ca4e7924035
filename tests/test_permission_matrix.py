"""Runs every declared route (tests/*/routes.py) for every persona; see tests/matrix.py."""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.accounts.models import User
from tests.auth import sign_in
from tests.conftest import World
from tests.factories import CustomRoleFactory, MembershipFactory, UserFactory
from tests.matrix import FOREIGN, MISSING, OWN, Route

OK = (200, 201, 204, 302)


def all_routes() -> list[Route]:
    """Every Route declared in a ``routes`` module under tests/."""
    import tests

    found: list[Route] = []
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".routes"):
            found.extend(importlib.import_module(module.name).ROUTES)
    return found


ROUTES = all_routes()
PERSONAS = (
    "anonymous", "no_second_factor", "operator", "outsider", "unprivileged", "auditor",
    "permitted",
)


def _request(client: Client, route: Route, world: World, selector: str) -> Any:
    path = route.path(world, selector)
    data = route.data(world) if route.data else None
    method = route.method.lower()
    if route.api and not route.multipart:
        body = json.dumps(data) if data is not None else None
        if method == "get":
            return client.get(path, data or {})
        return getattr(client, method)(path, body, content_type="application/json")
    if method == "get":
        return client.get(path, data or {})
    return getattr(client, method)(path, data or {})


def _is_write(route: Route) -> bool:
    if not route.permission:
        return route.method != "GET"
    return perms.get(route.permission).kind is perms.Kind.WRITE


def _unprivileged_user(route: Route, world: World) -> User:
    """The route's unprivileged built-in role, or, when every built-in member role holds the
    permission, a member of A whose custom role grants nothing at all."""
    role = route.unprivileged_role
    if route.permission and route.permission not in perms.for_builtin_role(role):
        return world.a.user(role)
    empty_role = CustomRoleFactory(company=world.a.company, name="No access", permissions=[])
    user = UserFactory(email="bare@acme.test")
    MembershipFactory(
        company=world.a.company, user=user, role=perms.CUSTOM, custom_role=empty_role
    )
    return user


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.name}")
def test_route_for_persona(route: Route, persona: str, world: World) -> None:
    client = Client()
    if persona == "anonymous":
        response = _request(client, route, world, OWN)
        if route.api:
            assert response.status_code == 401, response.content
        else:
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        return
    if persona == "no_second_factor":
        # The permitted member, signed in with a password only (P-A1): nothing is reachable.
        client.force_login(world.a.user(route.permitted_role))
        response = _request(client, route, world, OWN)
        if route.api:
            assert response.status_code == 403, response.content
            assert response.json()["type"].endswith(":second-factor-required")
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/2fa/totp/activate/")
        return
    if persona == "operator":
        sign_in(client, world.operator)
        response = _request(client, route, world, OWN)
        assert response.status_code == 404, response.content
        return
    if persona == "outsider":
        sign_in(client, world.b.user(route.permitted_role))
        response = _request(client, route, world, OWN)
        assert response.status_code == 404, response.content
        return
    if persona == "unprivileged":
        sign_in(client, _unprivileged_user(route, world))
        response = _request(client, route, world, OWN)
        if not route.permission:  # open to every member, however few permissions they hold
            assert response.status_code in OK + route.extra_ok_statuses, response.content
            return
        expected = (403, 404) if _is_write(route) else (404,)
        assert response.status_code in expected, response.content
        return
    if persona == "auditor":
        sign_in(client, world.a.user(perms.AUDITOR))
        response = _request(client, route, world, OWN)
        if _is_write(route):
            assert response.status_code == 403, response.content
        else:
            assert response.status_code in OK + route.extra_ok_statuses, response.content
        return
    sign_in(client, world.a.user(route.permitted_role))
    response = _request(client, route, world, OWN)
    assert response.status_code in OK + route.extra_ok_statuses, response.content


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.object_level], ids=lambda r: f"{r.method} {r.name}"
)
def test_foreign_object_looks_missing(route: Route, world: World) -> None:
    client = Client()
    sign_in(client, world.a.user(route.permitted_role))
    foreign = _request(client, route, world, FOREIGN)
    missing = _request(client, route, world, MISSING)
    assert foreign.status_code == 404, foreign.content
    assert missing.status_code == 404, missing.content
    assert foreign.content == missing.content
