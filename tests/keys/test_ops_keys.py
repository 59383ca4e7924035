"""The operator console's key status page: operators only, ids and versions only (P-C3, P-B4).

The permission matrix (tests/matrix.py) covers company routes; this page is outside every
company, so it gets the matrix's personas here: anonymous, a member without a second factor,
every company role and an outsider (404), and the operator (200)."""

from __future__ import annotations

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.platform.keys import rotation_runs
from tests.auth import sign_in
from tests.conftest import World
from tests.keys.conftest import make_person

PATH = "/ops/keys/"


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client().get(PATH)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_operator_without_a_second_factor_is_sent_to_enrol(world: World) -> None:
    client = Client()
    client.force_login(world.operator)
    response = client.get(PATH)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/")


@pytest.mark.parametrize("role", [*perms.BUILTIN_ROLES, "outsider"])
def test_company_members_get_not_found(world: World, role: str) -> None:
    user = world.b.user(perms.OWNER) if role == "outsider" else world.a.user(role)
    response = sign_in(Client(), user).get(PATH)
    assert response.status_code == 404


def test_operators_see_versions_states_and_ages_only(
    world: World, platform_actor: Actor
) -> None:
    person = make_person(world, name="Kari Nordmann")
    rotation_runs.rotate_company(platform_actor, world.a.company.pk)
    page = sign_in(Client(), world.operator).get(PATH).content.decode()
    assert "<code>acme</code>" in page
    assert "retired" in page
    assert "active" in page
    assert "current" in page
    assert "Kari" not in page
    assert str(person.pk) not in page  # no subject, not even as an id
    assert "Encryption keys</a>" in sign_in(Client(), world.operator).get("/ops/").content.decode()
