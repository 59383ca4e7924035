"""The absences API: field errors, query budgets, balances and the calendar."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.records.absences.models import Absence
from tests.absences.helpers import day, pending_absence, standard_types
from tests.auth import sign_in
from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory

BASE = "/api/v1/companies/acme"


def _client(world: World, role: str) -> Client:
    client = Client()
    sign_in(client, world.a.user(role))
    return client


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"{BASE}{path}", json.dumps(body), content_type="application/json")


def test_request_withdraw_and_field_errors(world: World) -> None:
    client = _client(world, perms.EMPLOYEE)
    vacation = str(standard_types(world.a)["vacation"].pk)
    body = {"absence_type_id": vacation, "start_date": str(day(0)), "end_date": str(day(4)),
            "note": "Summer"}
    created = _post(client, "/absences", body)
    assert created.status_code == 201, created.content
    assert (created.json()["days"], created.json()["status"]) == ("5.0", "pending")
    overlap = _post(client, "/absences", {**body, "start_date": str(day(3))})
    assert overlap.status_code == 422
    assert overlap["Content-Type"] == "application/problem+json"
    assert "Overlaps vacation" in overlap.json()["errors"]["start_date"][0]
    backwards = _post(client, "/absences", {**body, "start_date": str(day(9)),
                                            "end_date": str(day(8))})
    assert backwards.json()["errors"]["end_date"] == ["The last day is before the first day."]
    bad_date = _post(client, "/absences", {**body, "start_date": "2031-02-30"})
    assert bad_date.status_code == 422
    assert "start_date" in bad_date.json()["errors"]
    foreign_type = str(standard_types(world.b)["vacation"].pk)
    assert _post(client, "/absences", {**body, "absence_type_id": foreign_type}).status_code == 404
    absence_id = created.json()["id"]
    cancelled = _post(client, f"/absences/{absence_id}/cancel", {})
    assert cancelled.json()["status"] == "withdrawn"


def test_balances_and_calendar(world: World) -> None:
    year = pending_absence(world.a).start_date.year
    employee = _client(world, perms.EMPLOYEE)
    balances = employee.get(f"{BASE}/absence-balances", {"year": year}).json()
    by_type = {b["absence_type"]["name"]: b for b in balances["balances"]}
    assert by_type["Vacation"]["remaining"] == "25.0"
    assert by_type["Other"]["pending"] == "3.0"
    other = world.a.members[perms.ACCOUNTANT].pk
    assert employee.get(f"{BASE}/absence-balances",
                        {"membership_id": other}).status_code == 404
    accountant = _client(world, perms.ACCOUNTANT)
    calendar = accountant.get(f"{BASE}/absence-calendar", {"year": 2031, "month": 3}).json()
    assert calendar == []  # pending absences of others are not shown as away
    bad = accountant.get(f"{BASE}/absence-calendar", {"year": 2031, "month": 13})
    assert bad.status_code == 422


def test_list_has_a_fixed_query_budget(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        member = MembershipFactory(company=world.a.company,
                                   user=UserFactory(email=f"p{n}@acme.test"))
        world.a.members[f"extra{n}"] = member
        pending_absence(world.a, f"extra{n}")
    client = _client(world, perms.ADMIN)
    with django_assert_max_num_queries(12):
        body = client.get(f"{BASE}/absences", {"page_size": 100}).json()
    assert body["count"] == Absence.objects.filter(company=world.a.company).count() == 12
    with django_assert_max_num_queries(14):
        approvals = client.get(f"{BASE}/approvals", {"page_size": 100}).json()
    assert approvals["count"] == 12
    assert approvals["items"][0]["description"].startswith("Other, 20")


@pytest.mark.parametrize("sort", ["start", "-days", "status"])
def test_sorting(world: World, sort: str) -> None:
    pending_absence(world.a)
    pending_absence(world.a)
    body = _client(world, perms.EMPLOYEE).get(f"{BASE}/absences", {"sort": sort}).json()
    assert body["count"] == 2
    assert _client(world, perms.EMPLOYEE).get(f"{BASE}/absences",
                                              {"sort": "nonsense"}).status_code == 422
