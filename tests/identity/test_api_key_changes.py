"""A key's revocation, its owner's deactivation, removal or new role hold from the very next
request: the key and everything it acts with are read afresh on each one (one statement)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from strongroom.identity.account_actions import deactivate_account
from strongroom.identity.apikeys.actions import revoke_api_key
from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import user_actor
from strongroom.platform.tenancy.actions.members import change_member_role, remove_member
from strongroom.platform.tenancy.actions.roles import update_custom_role
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person
from tests.factories import CustomRoleFactory, make_api_key

API = "/api/v1/companies/acme/contact-persons"


def _create(client: Client, organisation_id: str) -> Any:
    body = json.dumps({"name": "Ada", "organisation_id": organisation_id})
    return client.post(API, body, content_type="application/json")


@pytest.fixture
def person_path(world: World) -> str:
    return f"{API}/{make_person(world.a, make_organisation(world.a)).pk}"


def _client(world: World, role: str) -> tuple[Any, Client]:
    key, full_key = make_api_key(world.a.members[role])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {full_key}")
    return key, client


def test_a_revoked_key_stops_on_the_next_request(world: World, person_path: str) -> None:
    key, client = _client(world, "manager")
    assert client.get(person_path).status_code == 200
    revoke_api_key(actor=world.a.actor("admin"), key=key)
    assert client.get(person_path).status_code == 401


def test_a_deactivated_owners_key_stops_on_the_next_request(
    world: World, person_path: str
) -> None:
    key, client = _client(world, "manager")
    assert client.get(person_path).status_code == 200
    deactivate_account(actor=user_actor(world.operator), user=key.user)
    assert client.get(person_path).status_code == 401


def test_a_removed_members_key_stops_on_the_next_request(world: World, person_path: str) -> None:
    _, client = _client(world, "manager")
    assert client.get(person_path).status_code == 200
    remove_member(actor=world.a.actor("owner"), membership=world.a.members["manager"])
    assert client.get(person_path).status_code == 404


def test_a_new_role_holds_from_the_next_request(world: World, person_path: str) -> None:
    _, client = _client(world, "manager")
    organisation_id = str(make_organisation(world.a).pk)
    assert _create(client, organisation_id).status_code == 201
    manager = world.a.members["manager"]
    change_member_role(actor=world.a.actor("owner"), membership=manager, role=perms.EMPLOYEE)
    assert _create(client, organisation_id).status_code == 403
    assert client.get(person_path).status_code == 200  # employees still see contacts


def test_a_custom_roles_new_permissions_hold_from_the_next_request(
    world: World, person_path: str
) -> None:
    role = CustomRoleFactory(company=world.a.company, permissions=["contact.view"])
    employee = world.a.members["employee"]
    change_member_role(
        actor=world.a.actor("owner"), membership=employee, role=perms.CUSTOM, custom_role=role
    )
    _, client = _client(world, "employee")
    assert client.get(person_path).status_code == 200
    update_custom_role(actor=world.a.actor("owner"), role=role, permissions=["company.view"])
    assert client.get(person_path).status_code == 404
