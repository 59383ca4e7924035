"""Permission-matrix routes of approvals: tags, rules, inbox, requests, decisions."""

from __future__ import annotations

from typing import Any

from strongroom.platform.tenancy.models import Tag
from strongroom.records.approvals.models import ApprovalRule
from tests.absences.helpers import pending_step
from tests.conftest import CompanyWorld, World
from tests.matrix import FOREIGN, OWN, Route

MISSING_ID = 999_999
MISSING_UUID = "00000000-0000-4000-8000-000000000000"
API = "api-1.0.0:"


def _side(world: World, selector: str) -> CompanyWorld | None:
    return {OWN: world.a, FOREIGN: world.b}.get(selector)


def _tag_id(world: World, selector: str, name: str = "team:oslo") -> int:
    side = _side(world, selector)
    if side is None:
        return MISSING_ID
    return Tag.objects.get_or_create(company=side.company, name=name)[0].pk


def _rule_id(world: World, selector: str) -> str:
    side = _side(world, selector)
    if side is None:
        return MISSING_UUID
    rule, _ = ApprovalRule.objects.get_or_create(
        company=side.company, name="Managers approve", kind="absence",
        defaults={"approver_role": "manager"},
    )
    return str(rule.pk)


def _approval_id(world: World, selector: str) -> str:
    side = _side(world, selector)
    return str(pending_step(side).pk) if side is not None else MISSING_UUID


def _web(path: str) -> Any:
    return lambda w, s: f"/c/acme/{path}"


def _web_obj(prefix: str, key: Any, suffix: str = "") -> Any:
    tail = f"{suffix}/" if suffix else ""
    return lambda w, s: f"/c/acme/{prefix}/{key(w, s)}/{tail}"


def _api(path: str) -> Any:
    return lambda w, s: f"/api/v1/companies/acme/{path}"


def _api_obj(prefix: str, key: Any, suffix: str = "") -> Any:
    return lambda w, s: f"/api/v1/companies/acme/{prefix}/{key(w, s)}{suffix}"


def _deletable_tag(world: World, selector: str) -> int:
    return _tag_id(world, selector, name="unused")


def _rule_form(world: World) -> dict[str, Any]:
    return {"name": "Team leads", "kind": "absence", "step": "1", "approver_role": "manager",
            "is_active": "on"}


def _rule_json(world: World) -> dict[str, Any]:
    return {"name": "Big ones", "kind": "absence", "step": 2, "amount_above": "10",
            "approver_role": "admin"}


ROUTES: list[Route] = [
    Route("web:tags", "GET", _web("tags/"), "tag.view"),
    Route("web:tag_add", "POST", _web("tags/add/"), "tag.manage",
          data=lambda w: {"name": "team:tromso"}),
    Route("web:tag_edit", "POST", _web_obj("tags", _tag_id), "tag.manage", object_level=True,
          data=lambda w: {"description": "Oslo office"}),
    Route("web:tag_delete", "POST", _web_obj("tags", _deletable_tag, "delete"), "tag.manage",
          object_level=True),
    Route("web:tag_history", "GET", _web_obj("tags", _tag_id, "history"), "tag.view",
          object_level=True),
    Route("web:approval_rule_history", "GET", _web_obj("approval-rules", _rule_id, "history"),
          "approval_rule.view", object_level=True),
    Route(f"{API}tag_history", "GET", _api_obj("tags", _tag_id, "/history"), "tag.view",
          api=True, object_level=True),
    Route(f"{API}approval_rule_history", "GET", _api_obj("approval-rules", _rule_id, "/history"),
          "approval_rule.view", api=True, object_level=True),
    Route(f"{API}approval_history", "GET", _api_obj("approvals", _approval_id, "/history"),
          "approval.view", api=True, object_level=True),
    Route("web:approval_rules", "GET", _web("approval-rules/"), "approval_rule.view"),
    Route("web:approval_rule_add", "POST", _web("approval-rules/add/"), "approval_rule.manage",
          data=_rule_form),
    Route("web:approval_rule_edit", "POST", _web_obj("approval-rules", _rule_id),
          "approval_rule.manage", object_level=True, data=_rule_form),
    Route("web:approval_rule_delete", "POST", _web_obj("approval-rules", _rule_id, "delete"),
          "approval_rule.manage", object_level=True),
    Route("web:approval_inbox", "GET", _web("approvals/"), "approval.view"),
    Route("web:approval_requests", "GET", _web("approvals/requests/"), "approval.view"),
    Route("web:approval_request", "GET", _web_obj("approvals", _approval_id), "approval.view",
          object_level=True),
    Route("web:approval_decide", "POST", _web_obj("approvals", _approval_id, "decide"),
          "approval.decide", object_level=True, permitted_role="owner",
          data=lambda w: {"decision": "approve"}),
    # API
    Route(f"{API}list_tags", "GET", _api("tags"), "tag.view", api=True),
    Route(f"{API}get_tag", "GET", _api_obj("tags", _tag_id), "tag.view", api=True,
          object_level=True),
    Route(f"{API}create_tag", "POST", _api("tags"), "tag.manage", api=True,
          data=lambda w: {"name": "team:tromso"}),
    Route(f"{API}update_tag", "PATCH", _api_obj("tags", _tag_id), "tag.manage", api=True,
          object_level=True, data=lambda w: {"description": "Oslo office"}),
    Route(f"{API}delete_tag", "DELETE", _api_obj("tags", _deletable_tag), "tag.manage",
          api=True, object_level=True),
    Route(f"{API}list_approval_rules", "GET", _api("approval-rules"), "approval_rule.view",
          api=True),
    Route(f"{API}get_approval_rule", "GET", _api_obj("approval-rules", _rule_id),
          "approval_rule.view", api=True, object_level=True),
    Route(f"{API}create_approval_rule", "POST", _api("approval-rules"), "approval_rule.manage",
          api=True, data=_rule_json),
    Route(f"{API}update_approval_rule", "PATCH", _api_obj("approval-rules", _rule_id),
          "approval_rule.manage", api=True, object_level=True,
          data=lambda w: {"name": "Renamed", "approver_tag": "lead:oslo"}),
    Route(f"{API}delete_approval_rule", "DELETE", _api_obj("approval-rules", _rule_id),
          "approval_rule.manage", api=True, object_level=True),
    Route(f"{API}list_approvals", "GET", _api("approvals"), "approval.view", api=True),
    Route(f"{API}approval_inbox", "GET", _api("approvals/inbox"), "approval.view", api=True),
    Route(f"{API}get_approval", "GET", _api_obj("approvals", _approval_id), "approval.view",
          api=True, object_level=True),
    Route(f"{API}decide_approval", "POST", _api_obj("approvals", _approval_id, "/decision"),
          "approval.decide", api=True, object_level=True, permitted_role="owner",
          data=lambda w: {"approve": True}),
]
