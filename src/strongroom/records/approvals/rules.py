"""Object rules of approvals: only a step's own approvers decide it (nobody approves their own:
the requester is never among them)."""

from __future__ import annotations

from typing import Any

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.records.approvals.models import ApprovalStep
from strongroom.records.approvals.permissions import APPROVAL_DECIDE


def _is_approver(actor: Actor, obj: Any) -> bool:
    if not isinstance(obj, ApprovalStep):
        return True
    membership = actor.membership
    if membership is None or membership.pk is None:
        return False
    if obj.request.requester_id == membership.pk:
        return False
    return obj.approvers.filter(pk=membership.pk).exists()


policy.add_object_rule(APPROVAL_DECIDE, _is_approver)
