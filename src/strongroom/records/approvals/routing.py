"""From rules to steps: who approves a request, computed once, when it is submitted.

Matching rules (same kind, active, requester tag carried or none, amount above the threshold or
none) are grouped by step number; each group becomes one step whose approvers are the members
the group's rules name (by tag or role) who may decide approvals. Excluded always: the requester
and whoever submitted on their behalf. A step left with nobody falls back to the owners (then
the admins); with no matching rule at all, the owners approve in one step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import permissions_of
from strongroom.platform.tenancy.models import Company, Membership
from strongroom.records.approvals.models import (
    ApprovalRequest,
    ApprovalRule,
    StepStatus,
)
from strongroom.records.approvals.permissions import APPROVAL_DECIDE


@dataclass(frozen=True)
class PlannedStep:
    """A step as it will be stored: its approvers and why they were chosen."""

    position: int
    approvers: tuple[Membership, ...]
    basis: str
    fallback: bool = False


def matches(rule: ApprovalRule, requester: Membership, amount: Decimal | None) -> bool:
    """Whether ``rule`` applies to a request from ``requester`` over ``amount``."""
    if not rule.is_active:
        return False
    tag = rule.requester_tag
    if tag is not None and tag.name not in requester.tags:
        return False
    return rule.amount_above is None or (amount is not None and amount > rule.amount_above)


def _names(rule: ApprovalRule, member: Membership) -> bool:
    if rule.approver_tag is not None:
        return rule.approver_tag.name in member.tags
    return member.role == rule.approver_role


def can_decide(member: Membership) -> bool:
    """An active member whose role lets them decide approvals (never an auditor)."""
    return member.is_active and APPROVAL_DECIDE in permissions_of(member)


def candidates(company: Company) -> list[Membership]:
    """The company's members who may decide approvals."""
    members = Membership.objects.filter(company=company, is_active=True).select_related(
        "custom_role", "user"
    )
    return [member for member in members if can_decide(member)]


def fallback_approvers(members: Iterable[Membership], excluded: set[int]) -> tuple[Membership, ...]:
    """The owners, else the admins, leaving out ``excluded``; empty when there is nobody."""
    eligible = [member for member in members if member.pk not in excluded]
    for role in (perms.OWNER, perms.ADMIN):
        chosen = tuple(member for member in eligible if member.role == role)
        if chosen:
            return chosen
    return ()


def earlier_deciders(approval: ApprovalRequest) -> set[int]:
    """The members who approved an earlier step of ``approval`` (one step each, at most)."""
    return set(
        approval.steps.filter(status=StepStatus.APPROVED).values_list("decided_by", flat=True)
    )


def takeover(approval: ApprovalRequest, earlier: set[int]) -> tuple[Membership, ...]:
    """The owners (then admins) who may take over a step of ``approval``: never the requester,
    whoever submitted for them, or anyone in ``earlier``; empty when there is nobody."""
    left_out = {pk for pk in (approval.requester_id, approval.submitted_by_id, *earlier) if pk}
    return fallback_approvers(candidates(approval.requester.company), left_out)


def plan(
    *,
    company: Company,
    kind: str,
    requester: Membership,
    amount: Decimal | None,
    excluded: Iterable[int] = (),
) -> list[PlannedStep]:
    """The steps of a new request; ValidationError when nobody but the requester could approve."""
    left_out = {requester.pk, *excluded}
    members = candidates(company)
    rules = [
        rule
        for rule in ApprovalRule.objects.filter(company=company, kind=kind, is_active=True)
        .select_related("requester_tag", "approver_tag")
        .order_by("step", "name")
        if matches(rule, requester, amount)
    ]
    fallback = fallback_approvers(members, left_out)
    steps: list[PlannedStep] = []
    for _, group in groupby(rules, key=lambda rule: rule.step):
        group_rules = list(group)
        names = ", ".join(rule.name for rule in group_rules)
        chosen = tuple(
            member
            for member in members
            if member.pk not in left_out and any(_names(rule, member) for rule in group_rules)
        )
        position = len(steps) + 1
        if chosen:
            steps.append(PlannedStep(position, chosen, f"Rule: {names}"))
        else:
            basis = f"Rule: {names}; nobody else it names can approve, so the owners do"
            steps.append(PlannedStep(position, fallback, basis[:300], fallback=True))
    if not steps:
        steps.append(PlannedStep(1, fallback, "No rule applies, so the owners approve", True))
    if any(not step.approvers for step in steps):
        raise ValidationError(
            {"__all__": "Nobody else in the company can approve this request: "
                        "add another owner or an approval rule."}
        )
    return steps
