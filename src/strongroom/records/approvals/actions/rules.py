"""Approval rules: company-defined routing of requests to approvers by tag or role (P-B2).

Changing or deleting a rule affects only requests submitted afterwards: a request's steps and
approvers are fixed when it is submitted.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.tenancy.models import Tag
from strongroom.records.approvals import registry
from strongroom.records.approvals.models import MAX_STEPS, ApprovalRule
from strongroom.records.approvals.permissions import RULE_MANAGE

APPROVER_ROLES = (perms.OWNER, perms.ADMIN, perms.MANAGER, perms.ACCOUNTANT, perms.EMPLOYEE)
MAX_AMOUNT = Decimal("999999999999.99")


def _clean(
    rule: ApprovalRule,
    *,
    name: str,
    kind: str,
    step: int,
    requester_tag: Tag | None,
    approver_tag: Tag | None,
    approver_role: str,
    amount_above: Decimal | None,
) -> None:
    """Check and set the rule's fields; ValidationError with field errors."""
    errors: dict[str, str] = {}
    cleaned_name = " ".join(name.split())
    if not cleaned_name or len(cleaned_name) > 120:
        errors["name"] = "A rule needs a name of at most 120 characters."
    if not registry.is_registered(kind):
        known = ", ".join(item.kind for item in registry.kinds())
        errors["kind"] = f"Unknown kind {kind!r}; choose one of {known}."
    if not 1 <= step <= MAX_STEPS:
        errors["step"] = f"Steps are numbered 1 to {MAX_STEPS}."
    for tag in (requester_tag, approver_tag):
        if tag is not None and tag.company_id != rule.company_id:
            raise policy.NotFound()
    if (approver_tag is None) == (not approver_role):
        errors["approver_tag"] = "Choose the approvers by a tag or by a role (one of the two)."
    elif approver_role and approver_role not in APPROVER_ROLES:
        errors["approver_role"] = (
            f"Unknown role {approver_role!r}; choose one of {', '.join(APPROVER_ROLES)}."
        )
    if amount_above is not None:
        try:
            amount = Decimal(amount_above)
        except (InvalidOperation, TypeError, ValueError):
            amount = Decimal(-1)
        unit = registry.get(kind).amount_unit if registry.is_registered(kind) else None
        if unit is registry.AmountUnit.NONE:
            errors["amount_above"] = "Requests of this kind have no amount."
        elif not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
            errors["amount_above"] = "Give a threshold of 0 or more."
        elif amount != amount.quantize(Decimal("0.01")):
            errors["amount_above"] = "At most two decimals."
        amount_above = amount
    if errors:
        raise ValidationError(errors)
    rule.name, rule.kind, rule.step = cleaned_name, kind, step
    rule.requester_tag, rule.approver_tag = requester_tag, approver_tag
    rule.approver_role = "" if approver_tag is not None else approver_role
    rule.amount_above = amount_above


@action
def create_rule(
    *,
    actor: Actor,
    name: str,
    kind: str,
    step: int = 1,
    requester_tag: Tag | None = None,
    approver_tag: Tag | None = None,
    approver_role: str = "",
    amount_above: Decimal | None = None,
    is_active: bool = True,
) -> ApprovalRule:
    """Add a rule: requests of ``kind`` (from ``requester_tag``, above ``amount_above``) are
    approved at ``step`` by members tagged ``approver_tag`` or holding ``approver_role``."""
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, RULE_MANAGE, actor.company)
    rule = ApprovalRule(company=actor.company, is_active=is_active)
    _clean(
        rule, name=name, kind=kind, step=step, requester_tag=requester_tag,
        approver_tag=approver_tag, approver_role=approver_role, amount_above=amount_above,
    )
    rule.save()
    record(actor=actor, event=AuditEventType.APPROVAL_RULE_CREATED, obj=rule,
           company_id=rule.company_id)
    return rule


@action
def update_rule(
    *,
    actor: Actor,
    rule: ApprovalRule,
    name: str,
    kind: str,
    step: int,
    requester_tag: Tag | None,
    approver_tag: Tag | None,
    approver_role: str,
    amount_above: Decimal | None,
    is_active: bool,
) -> ApprovalRule:
    """Replace a rule's conditions and approvers (pending requests keep their steps)."""
    policy.require(actor, RULE_MANAGE, rule)
    rule = ApprovalRule.objects.select_for_update().get(pk=rule.pk)
    before = capture(rule)
    _clean(
        rule, name=name, kind=kind, step=step, requester_tag=requester_tag,
        approver_tag=approver_tag, approver_role=approver_role, amount_above=amount_above,
    )
    rule.is_active = is_active
    rule.save()
    record(actor=actor, event=AuditEventType.APPROVAL_RULE_UPDATED, obj=rule,
           company_id=rule.company_id, before=before)
    return rule


@action
def delete_rule(*, actor: Actor, rule: ApprovalRule) -> None:
    """Delete a rule (pending requests keep their steps)."""
    policy.require(actor, RULE_MANAGE, rule)
    record(actor=actor, event=AuditEventType.APPROVAL_RULE_DELETED, obj=rule,
           company_id=rule.company_id, deleted=True)
    rule.delete()
