"""Builders for approval tests: defined tags, rules and submitted requests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from strongroom.platform.access.actor import member_actor
from strongroom.platform.tenancy.models import Membership, Tag
from strongroom.records.approvals.models import ApprovalRequest, ApprovalRule
from strongroom.records.approvals.steps import start_approval
from tests.conftest import CompanyWorld


def tag(world: CompanyWorld, name: str) -> Tag:
    return Tag.objects.get_or_create(company=world.company, name=name)[0]


def give_tags(member: Membership, *names: str) -> None:
    for name in names:
        Tag.objects.get_or_create(company=member.company, name=name)
    member.tags = sorted(set(member.tags) | set(names))
    member.save(update_fields=["tags"])


def rule(world: CompanyWorld, kind: str, **fields: Any) -> ApprovalRule:
    """A rule row (the rule actions are tested on their own)."""
    for key in ("requester_tag", "approver_tag"):
        if isinstance(fields.get(key), str):
            fields[key] = tag(world, fields[key])
    if "amount_above" in fields and fields["amount_above"] is not None:
        fields["amount_above"] = Decimal(fields["amount_above"])
    fields.setdefault("name", f"rule {ApprovalRule.objects.count() + 1}")
    return ApprovalRule.objects.create(company=world.company, kind=kind, **fields)


def submit(
    requester: Membership, kind: str, *, amount: str | None = None, subject: Tag | None = None
) -> ApprovalRequest:
    """Start an approval as the requester would from their own action."""
    record_obj = subject or Tag.objects.create(
        company=requester.company, name=f"claim-{Tag.objects.count()}"
    )
    with transaction.atomic():
        return start_approval(
            actor=member_actor(requester), record_obj=record_obj, kind=kind,
            requester=requester, amount=Decimal(amount) if amount is not None else None,
        )


def approver_roles(approval: ApprovalRequest) -> list[list[str]]:
    """Each step's approvers, as their roles (the test world has one member per role)."""
    return [
        sorted(member.role for member in step.approvers.all())
        for step in approval.steps.order_by("position")
    ]
