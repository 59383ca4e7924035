"""The approvals API and pages: tags, rules, inbox and decisions, with field errors."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.records.absences.models import Absence
from tests.absences.helpers import pending_absence, pending_step
from tests.auth import sign_in
from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory

BASE = "/api/v1/companies/acme"


def _client(world: World, role: str) -> Client:
    client = Client()
    sign_in(client, world.a.user(role))
    return client


def _send(client: Client, method: str, path: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(f"{BASE}{path}", json.dumps(body),
                                   content_type="application/json")


def test_unknown_tags_are_422_with_field_errors(world: World) -> None:
    admin = _client(world, perms.ADMIN)
    member = world.a.members[perms.EMPLOYEE].pk
    response = _send(admin, "patch", f"/members/{member}", {"tags": ["team:osloo"]})
    assert response.status_code == 422
    assert "team:osloo" in response.json()["errors"]["tags"][0]
    rule = _send(admin, "post", "/approval-rules",
                 {"name": "X", "kind": "absence", "approver_tag": "lead:nowhere"})
    assert rule.status_code == 422
    assert "approver_tag" in rule.json()["errors"]
    created = _send(admin, "post", "/tags", {"name": "Lead:Bergen", "description": "Leads"})
    assert created.json()["name"] == "lead:bergen"
    assert _send(admin, "post", "/tags", {"name": "lead:bergen"}).status_code == 422
    assert _send(admin, "patch", f"/members/{member}",
                 {"tags": ["lead:bergen"]}).status_code == 200


def test_rules_through_the_api(world: World) -> None:
    admin = _client(world, perms.ADMIN)
    created = _send(admin, "post", "/approval-rules", {
        "name": "Oslo", "kind": "absence", "requester_tag": "team:oslo",
        "approver_tag": "lead:oslo",
    })
    assert created.status_code == 201, created.content
    rule_id = created.json()["id"]
    changed = _send(admin, "patch", f"/approval-rules/{rule_id}", {"approver_role": "manager"})
    assert (changed.json()["approver_tag"], changed.json()["approver_role"]) == (None, "manager")
    wrong = _send(admin, "patch", f"/approval-rules/{rule_id}", {"amount_above": "-5"})
    assert "amount_above" in wrong.json()["errors"]
    assert admin.delete(f"{BASE}/approval-rules/{rule_id}").status_code == 204


def test_decisions_through_the_api(world: World) -> None:
    approval = pending_step(world.a)
    employee = _client(world, perms.EMPLOYEE)
    own = _send(employee, "post", f"/approvals/{approval.pk}/decision", {"approve": True})
    assert own.status_code == 403
    assert own.json()["detail"] == "Nobody approves their own request."
    owner = _client(world, perms.OWNER)
    inbox = owner.get(f"{BASE}/approvals/inbox").json()
    assert [item["id"] for item in inbox["items"]] == [str(approval.pk)]
    no_comment = _send(owner, "post", f"/approvals/{approval.pk}/decision", {"approve": False})
    assert no_comment.json()["errors"] == {"comment": ["Say why you reject the request."]}
    decided = _send(owner, "post", f"/approvals/{approval.pk}/decision",
                    {"approve": False, "comment": "Inventory week"})
    assert decided.json()["status"] == "rejected"
    assert decided.json()["steps"][0]["comment"] == "Inventory week"
    assert Absence.objects.get(pk=approval.record_id).status == "rejected"
    again = _send(owner, "post", f"/approvals/{approval.pk}/decision", {"approve": True})
    assert again.status_code == 422
    mine = employee.get(f"{BASE}/approvals", {"mine": "true"}).json()
    assert mine["items"][0]["status"] == "rejected"


def test_inbox_has_a_fixed_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(10):
        world.a.members[f"extra{n}"] = MembershipFactory(
            company=world.a.company, user=UserFactory(email=f"x{n}@acme.test"))
        pending_absence(world.a, f"extra{n}")
    owner = _client(world, perms.OWNER)
    with django_assert_max_num_queries(16):
        body = owner.get(f"{BASE}/approvals/inbox", {"page_size": 50}).json()
    assert body["count"] == 10
    with django_assert_max_num_queries(16):
        page = owner.get("/c/acme/approvals/")
    assert page.status_code == 200


def test_web_decision_and_requester_sees_it(world: World) -> None:
    approval = pending_step(world.a)
    owner = _client(world, perms.OWNER)
    page = owner.get(f"/c/acme/approvals/{approval.pk}/")
    assert "Send decision" in page.content.decode()
    refused = owner.post(f"/c/acme/approvals/{approval.pk}/decide/", {"decision": "reject"})
    assert refused.status_code == 422
    assert "Say why you reject the request." in refused.content.decode()
    done = owner.post(f"/c/acme/approvals/{approval.pk}/decide/", {"decision": "approve"})
    assert done.status_code == 302
    employee = _client(world, perms.EMPLOYEE)
    detail = employee.get(f"/c/acme/absences/{approval.record_id}/").content.decode()
    assert "<dd>Approved</dd>" in detail
    assert "Send decision" not in employee.get(f"/c/acme/approvals/{approval.pk}/").content.decode()
