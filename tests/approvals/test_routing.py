"""Table-driven tests of the approval rules (P-B2): tag match, thresholds, two steps,
fallback, no self-approval, inactive rules. Each case builds rules, submits one request and
compares each step's approvers (by role: the test world has one member per role)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.records.approvals.models import ApprovalStep
from tests.approvals.conftest import TEST_KIND, Calls
from tests.approvals.helpers import approver_roles, give_tags, rule, submit
from tests.conftest import World

OWNER, ADMIN, MANAGER = perms.OWNER, perms.ADMIN, perms.MANAGER
ACCOUNTANT, EMPLOYEE, AUDITOR = perms.ACCOUNTANT, perms.EMPLOYEE, perms.AUDITOR
LEAD = {"approver_tag": "lead:oslo"}
OSLO = {"requester_tag": "team:oslo"}


@dataclass(frozen=True)
class Case:
    name: str
    rules: list[dict[str, Any]]
    requester: str
    expected: list[list[str]]
    amount: str | None = None
    tags: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {EMPLOYEE: ("team:oslo",), MANAGER: ("lead:oslo",)}
    )
    fallback: list[bool] | None = None


CASES = [
    Case("no rule: the owners approve", [], EMPLOYEE, [[OWNER]], fallback=[True]),
    Case("tag match", [{**OSLO, **LEAD}], EMPLOYEE, [[MANAGER]], fallback=[False]),
    Case("requester without the tag: fallback", [{**OSLO, **LEAD}], ACCOUNTANT, [[OWNER]]),
    Case("rule for everyone", [LEAD], ACCOUNTANT, [[MANAGER]]),
    Case("approver by role", [{"approver_role": ACCOUNTANT}], EMPLOYEE, [[ACCOUNTANT]]),
    Case("two rules in one step: either approves",
         [{**LEAD}, {"approver_role": ADMIN}], EMPLOYEE, [[ADMIN, MANAGER]]),
    Case("below the threshold: one step",
         [{**OSLO, **LEAD}, {"step": 2, "amount_above": "10000", "approver_role": ACCOUNTANT}],
         EMPLOYEE, [[MANAGER]], amount="9999.99"),
    Case("at the threshold is not above it",
         [{**OSLO, **LEAD}, {"step": 2, "amount_above": "10000", "approver_role": ACCOUNTANT}],
         EMPLOYEE, [[MANAGER]], amount="10000"),
    Case("above the threshold: two steps",
         [{**OSLO, **LEAD}, {"step": 2, "amount_above": "10000", "approver_role": ACCOUNTANT}],
         EMPLOYEE, [[MANAGER], [ACCOUNTANT]], amount="10000.01"),
    Case("no amount never passes a threshold",
         [{"amount_above": "0", "approver_role": ACCOUNTANT}], EMPLOYEE, [[OWNER]]),
    Case("step numbers close their gaps", [{"step": 3, **LEAD}], EMPLOYEE, [[MANAGER]]),
    Case("nobody approves their own: the lead's own request falls back",
         [LEAD], MANAGER, [[OWNER]], fallback=[True]),
    Case("the requester leaves a step, the others stay",
         [LEAD], MANAGER, [[ACCOUNTANT]],
         tags={MANAGER: ("lead:oslo",), ACCOUNTANT: ("lead:oslo",)}),
    Case("an owner's own request goes to the admins", [], OWNER, [[ADMIN]]),
    Case("inactive rules are ignored", [{**LEAD, "is_active": False}], EMPLOYEE, [[OWNER]]),
    Case("auditors never approve, even when tagged", [LEAD], EMPLOYEE, [[OWNER]],
         tags={AUDITOR: ("lead:oslo",)}),
    Case("a step with nobody falls back, the next step stays",
         [{"approver_tag": "lead:bergen"}, {"step": 2, "approver_role": ACCOUNTANT}],
         EMPLOYEE, [[OWNER], [ACCOUNTANT]], fallback=[True, False]),
    Case("rules of another kind do not apply", [{**LEAD, "kind": "other"}], EMPLOYEE, [[OWNER]]),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_rules_route_requests(world: World, test_kind: Calls, case: Case) -> None:
    for role, names in case.tags.items():
        give_tags(world.a.members[role], *names)
    for fields in case.rules:
        fields = dict(fields)
        kind = fields.pop("kind", TEST_KIND)
        rule(world.a, kind, **fields)
    approval = submit(world.a.members[case.requester], TEST_KIND, amount=case.amount)
    assert approver_roles(approval) == case.expected
    if case.fallback is not None:
        steps = ApprovalStep.objects.filter(request=approval).order_by("position")
        assert [step.fallback for step in steps] == case.fallback


def test_nobody_else_to_approve_is_a_clear_error(world: World, test_kind: Calls) -> None:
    owner = world.a.members[OWNER]
    for role, member in world.a.members.items():
        if role != OWNER:
            member.is_active = False
            member.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as caught:
        submit(owner, TEST_KIND)
    assert "Nobody else" in caught.value.messages[0]


def test_other_company_rules_do_not_apply(world: World, test_kind: Calls) -> None:
    give_tags(world.a.members[EMPLOYEE], "team:oslo")
    give_tags(world.b.members[MANAGER], "lead:oslo")
    rule(world.b, TEST_KIND, approver_tag="lead:oslo")
    approval = submit(world.a.members[EMPLOYEE], TEST_KIND)
    assert approver_roles(approval) == [[OWNER]]
    assert {m.company_id for m in approval.steps.get().approvers.all()} == {world.a.company.pk}
