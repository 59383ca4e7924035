"""GET /api/v1/me: the signed-in user and their companies."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.auth import sign_in
from tests.conftest import World


@pytest.mark.django_db
def test_anonymous_gets_401_problem() -> None:
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_member_sees_their_companies(world: World, admin_client: Client) -> None:
    body = admin_client.get("/api/v1/me").json()
    assert body["email"] == "admin@acme.test"
    assert body["full_name"] == "Admin of Acme AS"
    assert [c["slug"] for c in body["companies"]] == ["acme"]
    assert body["companies"][0]["role"] == "Admin"


def test_operator_has_no_companies(world: World) -> None:
    client = Client()
    sign_in(client, world.operator)
    body = client.get("/api/v1/me").json()
    assert body["email"] == "operator@platform.test"
    assert body["companies"] == []
