"""Pagination, filters and query budgets of the list endpoints."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from strongroom.platform.history.models import AccessRead
from strongroom.platform.tenancy.models import Membership
from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory

MEMBERS = "/api/v1/companies/acme/members"


@pytest.fixture
def many_members(world: World) -> list[Membership]:
    return [
        MembershipFactory(
            company=world.a.company,
            user=UserFactory(email=f"extra{n:02d}@acme.test", full_name=f"Extra {n:02d}"),
            role="custom" if n % 3 == 0 else "employee",
            custom_role=world.a.custom_role if n % 3 == 0 else None,
            tags=["team:oslo"] if n % 2 else ["team:bergen"],
        )
        for n in range(30)
    ]


def test_pagination(many_members: list[Membership], admin_client: Client) -> None:
    first = admin_client.get(MEMBERS, {"page_size": 10}).json()
    assert first["count"] == 36  # 6 built-in roles + 30 extra
    assert (first["page"], first["page_size"], len(first["items"])) == (1, 10, 10)
    assert first["previous"] is None
    assert first["next"].startswith(MEMBERS + "?")
    last = admin_client.get(first["next"].replace("page=2", "page=4")).json()
    assert len(last["items"]) == 6
    assert last["next"] is None
    assert "page=3" in last["previous"]
    ids = {
        m["id"]
        for page in (1, 2, 3, 4)
        for m in admin_client.get(MEMBERS, {"page": page, "page_size": 10}).json()["items"]
    }
    assert len(ids) == 36


def test_page_size_above_the_maximum_is_refused(world: World, admin_client: Client) -> None:
    refused = admin_client.get(MEMBERS, {"page_size": 1000})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["page_size"]
    assert admin_client.get(MEMBERS, {"page_size": 200}).json()["page_size"] == 200
    assert admin_client.get(MEMBERS).json()["page_size"] == 50


def test_member_filters(many_members: list[Membership], admin_client: Client) -> None:
    def emails(**params: Any) -> set[str]:
        body = admin_client.get(MEMBERS, {"page_size": 200, **params}).json()
        return {m["email"] for m in body["items"]}

    assert emails(role="auditor") == {"auditor@acme.test"}
    assert len(emails(role="custom")) == 10
    assert len(emails(tag="team:oslo")) == 15
    assert emails(tag="team:oslo") & emails(tag="team:bergen") == set()
    assert emails(q="EXTRA 07") == {"extra07@acme.test"}
    assert emails(q="admin@acme") == {"admin@acme.test"}


def test_list_members_has_a_constant_query_count(
    many_members: list[Membership],
    admin_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    # session + user + actor + count + page, then the access-log flush (savepoint, chain head
    # read and created on the first read, one insert, head moved): independent of the members
    with django_assert_max_num_queries(15) as queries:
        body = admin_client.get(MEMBERS, {"page_size": 200}).json()
    assert len(body["items"]) == 36
    inserts = [q for q in queries.captured_queries if "INSERT INTO" in q["sql"]]
    assert len([q for q in inserts if "history_accessread" in q["sql"]]) == 1
    assert AccessRead.objects.filter(object_type="tenancy.membership").count() == 36
    custom = [m for m in body["items"] if m["role"] == "custom"]
    assert custom[0]["role_label"] == "Reader"


def test_audit_events_filters_and_pagination(world: World, admin_client: Client) -> None:
    for n in range(3):
        admin_client.post(
            "/api/v1/companies/acme/roles",
            json.dumps({"name": f"Role {n}", "permissions": []}),
            content_type="application/json",
        )
    url = "/api/v1/companies/acme/audit-events"
    created = admin_client.get(url, {"event_type": 300}).json()
    assert created["count"] == 3
    assert {e["event"] for e in created["items"]} == {"role:created"}
    assert created["items"][0]["channel"] == "api"
    by_actor = admin_client.get(url, {"actor_email": "ADMIN@acme.test"}).json()
    assert by_actor["count"] == 3
    assert admin_client.get(url, {"actor_email": "nobody@acme.test"}).json()["count"] == 0
    assert admin_client.get(url, {"object_type": "tenancy.customrole"}).json()["count"] == 3
    assert admin_client.get(url, {"since": "2999-01-01"}).json()["count"] == 0
    assert admin_client.get(url, {"event_type": 12345}).status_code == 422
    page = admin_client.get(url, {"event_type": 300, "page_size": 2}).json()
    assert len(page["items"]) == 2
    assert page["next"] is not None


def test_list_roles_shows_builtin_and_custom(world: World, admin_client: Client) -> None:
    body = admin_client.get("/api/v1/companies/acme/roles").json()
    builtin = {r["name"]: r for r in body["builtin"]}
    assert "role.manage" in builtin["owner"]["permissions"]
    assert "member.manage" not in builtin["auditor"]["permissions"]
    assert [r["name"] for r in body["custom"]] == ["Reader"]
