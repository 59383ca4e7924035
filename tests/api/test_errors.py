"""Problem+json answers: shape, content type, and no leaks in 404s."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.auth import sign_in
from tests.conftest import World

BASE = "/api/v1/companies/acme"
PROBLEM_KEYS = {"type", "title", "status", "detail"}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    return body


def _patch(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.patch(path, json.dumps(data), content_type="application/json")


def test_401_for_anonymous(world: World) -> None:
    body = _problem(Client().get(f"{BASE}/members"), 401)
    assert body["title"] == "Unauthorized"


def test_403_for_auditor_write(world: World) -> None:
    client = Client()
    sign_in(client, world.a.user("auditor"))
    body = _problem(_patch(client, BASE, {"name": "Hacked"}), 403)
    assert body["instance"] == BASE


def test_404_for_unknown_company(world: World, admin_client: Client) -> None:
    body = _problem(admin_client.get("/api/v1/companies/nope"), 404)
    assert "instance" not in body
    assert "nope" not in json.dumps(body)


def test_foreign_and_missing_member_bodies_are_identical(
    world: World, admin_client: Client
) -> None:
    foreign = admin_client.get(f"{BASE}/members/{world.b.members['employee'].pk}")
    missing = admin_client.get(f"{BASE}/members/999999")
    _problem(foreign, 404)
    assert foreign.content == missing.content
    assert b"999999" not in missing.content


@pytest.mark.parametrize("path", ["/api/v1/nope", f"{BASE}/no-such-thing", "/api/v2/members"])
def test_unknown_api_path_is_the_same_problem_404(
    world: World, admin_client: Client, path: str
) -> None:
    unknown = admin_client.get(path)
    _problem(unknown, 404)
    assert unknown.content == admin_client.get(f"{BASE}/members/999999").content
    assert Client().get(path).content == unknown.content  # anonymous too: nothing to probe


def test_unknown_page_outside_the_api_is_html(admin_client: Client) -> None:
    response = admin_client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_foreign_custom_role_id_is_404(world: World, admin_client: Client) -> None:
    assert world.b.custom_role is not None
    member = world.a.members["employee"]
    foreign = _patch(
        admin_client, f"{BASE}/members/{member.pk}", {"custom_role_id": world.b.custom_role.pk}
    )
    missing = _patch(admin_client, f"{BASE}/members/{member.pk}", {"custom_role_id": 999999})
    _problem(foreign, 404)
    assert foreign.content == missing.content


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"currency": "ZZZ"}, "currency"),
        ({"fiscal_year_end_month": 2, "fiscal_year_end_day": 30}, "fiscal_year_end"),
    ],
)
def test_company_validation_errors(
    world: World, admin_client: Client, data: dict[str, Any], field: str
) -> None:
    body = _problem(_patch(admin_client, BASE, data), 422)
    assert body["type"].endswith("validation-error")
    assert list(body["errors"]) == [field]
    assert all(isinstance(m, str) for m in body["errors"][field])


def test_unknown_role_and_bad_tag(world: World, admin_client: Client) -> None:
    post = admin_client.post(
        f"{BASE}/members",
        json.dumps({"email": "x@acme.test", "role": "king"}),
        content_type="application/json",
    )
    assert "role" in _problem(post, 422)["errors"]
    member = world.a.members["employee"]
    patch = _patch(admin_client, f"{BASE}/members/{member.pk}", {"tags": ["Bad Tag!"]})
    assert "tags" in _problem(patch, 422)["errors"]
    member.refresh_from_db()
    assert member.tags == []


def test_request_schema_errors_name_the_field(world: World, admin_client: Client) -> None:
    body = _problem(admin_client.get(f"{BASE}/members", {"page": 0}), 422)
    assert "page" in body["errors"]
    response = admin_client.post(
        f"{BASE}/roles", json.dumps({"permissions": []}), content_type="application/json"
    )
    assert "name" in _problem(response, 422)["errors"]
    assert _problem(admin_client.get(f"{BASE}/members/abc"), 422)["errors"]


def test_unexpected_error_is_500_without_details(
    world: World, admin_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strongroom.platform.tenancy import selectors

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "members", boom)
    response = admin_client.get(f"{BASE}/members")
    body = _problem(response, 500)
    assert b"secret" not in response.content
    assert body["type"].endswith("server-error")


def test_csrf_is_enforced_for_session_writes(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.a.user("admin"))
    response = _patch(client, BASE, {"name": "No token"})
    assert _problem(response, 403)["detail"].startswith("CSRF")
