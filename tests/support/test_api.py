"""The support-access API: grants and sessions as the company sees them, within a query budget."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.support.models import SupportGrant
from tests.auth import sign_in
from tests.conftest import World
from tests.support.factories import make_grant, make_session

pytestmark = pytest.mark.django_db

BASE = "/api/v1/companies/acme/support"


def _admin(world: World) -> Client:
    return sign_in(Client(), world.a.user(perms.ADMIN))


def test_grant_limited_to_a_member_then_revoke(world: World) -> None:
    client = _admin(world)
    employee = world.a.members[perms.EMPLOYEE]
    response = client.post(
        f"{BASE}/grants",
        {"hours": 2, "scope": "read_only", "member_id": employee.pk, "note": "Ticket 9"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "live"
    assert body["member"] == employee.user.email
    assert body["granted_by"] == world.a.user(perms.ADMIN).email
    revoked = client.post(f"{BASE}/grants/{body['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    again = client.post(f"{BASE}/grants/{body['id']}/revoke")
    assert again.status_code == 422


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"hours": 169, "scope": "full"}, "hours"),
        ({"hours": 1, "scope": "everything"}, "scope"),
        ({"hours": 1, "scope": "full", "note": "x" * 501}, "note"),
    ],
)
def test_bad_grants_get_problem_json_with_field_errors(
    world: World, payload: dict[str, Any], field: str
) -> None:
    response = _admin(world).post(f"{BASE}/grants", payload, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not SupportGrant.objects.exists()


def test_an_owners_view_or_a_foreign_member_cannot_be_granted_by_an_admin(world: World) -> None:
    client = _admin(world)
    owner = world.a.members[perms.OWNER]
    response = client.post(
        f"{BASE}/grants", {"hours": 1, "scope": "full", "member_id": owner.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    foreign = world.b.members[perms.EMPLOYEE]
    response = client.post(
        f"{BASE}/grants", {"hours": 1, "scope": "full", "member_id": foreign.pk},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_lists_stay_within_a_query_budget(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = _admin(world)
    client.get(f"{BASE}/grants")  # warm the session and the caches
    for index in range(6):
        member = world.a.members[perms.BUILTIN_ROLES[index]]
        grant = make_grant(world.a, member=member if index % 2 else None)
        make_session(grant, world.operator, member)
    # each list: its page, then one query for the members it names and the access-log flush
    with django_assert_max_num_queries(18):
        grants = client.get(f"{BASE}/grants")
    with django_assert_max_num_queries(18):
        sessions = client.get(f"{BASE}/sessions")
    assert grants.json()["count"] == 6
    assert sessions.json()["count"] == 6
    with django_assert_max_num_queries(25):
        page = client.get("/c/acme/support/")
    assert page.status_code == 200


def test_session_detail_lists_what_was_done(world: World) -> None:
    session = make_session(make_grant(world.a), world.operator, world.a.members[perms.EMPLOYEE])
    response = _admin(world).get(f"{BASE}/sessions/{session.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["operator"] == f"Olivia Operator <{world.operator.email}>"
    assert body["reason"] == "Ticket 42: totals look wrong"
    assert body["ended_at"] is None
    assert body["events"] == []
    assert body["reads"] == []
