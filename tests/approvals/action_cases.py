"""Calls of the approvals actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import system_actor
from strongroom.platform.tenancy.models import Tag
from strongroom.records.approvals.actions import engine, rules, stranded
from strongroom.records.approvals.models import ApprovalRule, ApprovalStep
from tests.approvals.conftest import TEST_KIND, Calls, register_test_kind
from tests.approvals.helpers import give_tags, submit
from tests.conftest import World

Build = Callable[[World, Any], dict[str, Any]]


def _rule(world: World) -> ApprovalRule:
    register_test_kind(Calls())
    return ApprovalRule.objects.create(
        company=world.a.company, name="Oslo leads", kind=TEST_KIND,
        approver_tag=Tag.objects.get(company=world.a.company, name="lead:oslo"),
    )


def _open_step(world: World) -> ApprovalStep:
    register_test_kind(Calls())
    approval = submit(world.a.members[perms.EMPLOYEE], TEST_KIND)
    return ApprovalStep.objects.get(request=approval, position=1)


def _new_rule(world: World, _: Any) -> dict[str, Any]:
    register_test_kind(Calls())
    return {
        "actor": world.a.actor(perms.ADMIN), "name": "Big claims", "kind": TEST_KIND,
        "step": 2, "approver_role": perms.ACCOUNTANT,
    }


CASES: dict[Callable[..., Any], Build] = {
    rules.create_rule: _new_rule,
    rules.update_rule: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "rule": _rule(w), "name": "Oslo leads", "kind": TEST_KIND,
        "step": 1, "requester_tag": Tag.objects.get(company=w.a.company, name="team:oslo"),
        "approver_tag": None, "approver_role": perms.MANAGER, "amount_above": None,
        "is_active": True,
    },
    rules.delete_rule: lambda w, p: {"actor": w.a.actor(perms.ADMIN), "rule": _rule(w)},
    engine.decide: lambda w, p: {
        "actor": w.a.actor(perms.OWNER), "step": _open_step(w), "approve": True,
    },
}


def _stranded(world: World, _: Any) -> dict[str, Any]:
    give_tags(world.a.members[perms.MANAGER], "lead:oslo")
    step = _open_step(world)
    manager = world.a.members[perms.MANAGER]
    step.approvers.set([manager])
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    return {"actor": system_actor(job="approvals.reroute_stranded")}


CASES[stranded.reroute_stranded_steps] = _stranded
