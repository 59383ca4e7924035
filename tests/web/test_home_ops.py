"""The front door, the health check and the operator console (outside the matrix)."""

from __future__ import annotations

import pytest
from django.test import Client

from strongroom.platform.tenancy.selectors import operator_companies
from tests.auth import sign_in
from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory


def test_health_is_public_json(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_home_sends_anonymous_to_sign_in(db: None) -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_home_sends_single_company_member_to_dashboard(world: World) -> None:
    client = Client()
    sign_in(client, world.a.user("employee"))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/c/acme/"


def test_home_lets_member_of_two_companies_choose_and_switch(world: World) -> None:
    user = world.a.user("accountant")
    MembershipFactory(company=world.b.company, user=user, role="employee")
    client = Client()
    sign_in(client, user)
    page = client.get("/").content.decode()
    assert "Choose a company" in page
    assert 'href="/c/acme/"' in page
    assert 'href="/c/globex/"' in page
    assert client.get("/c/globex/").status_code == 200
    assert "Globex AB" in client.get("/c/globex/").content.decode()
    assert client.get("/c/acme/").status_code == 200


def test_home_for_user_without_company(db: None) -> None:
    client = Client()
    sign_in(client, UserFactory())
    response = client.get("/")
    assert response.status_code == 200
    assert "not a member of any company" in response.content.decode()


def test_home_sends_operator_to_console(world: World) -> None:
    client = Client()
    sign_in(client, world.operator)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ops/"


def test_operator_console_lists_companies_only(world: World) -> None:
    client = Client()
    sign_in(client, world.operator)
    response = client.get("/ops/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Acme AS" in page
    assert "Globex AB" in page
    assert "owner@acme.test" not in page
    assert "Recent job runs" in page


@pytest.mark.parametrize("role", ["owner", "admin", "employee", "auditor"])
def test_operator_console_is_missing_for_members(world: World, role: str) -> None:
    client = Client()
    sign_in(client, world.a.user(role))
    assert client.get("/ops/").status_code == 404


def test_operator_console_sends_anonymous_to_sign_in(db: None) -> None:
    response = Client().get("/ops/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_operator_companies_selector_is_empty_for_members(world: World) -> None:
    assert not operator_companies(world.a.actor("owner")).exists()
