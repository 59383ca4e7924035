"""The approval engine's action: approvers decide the open step of a request.

Public interface for record apps (see docs/records.md, "Approvals"):

- :func:`strongroom.records.approvals.steps.start_approval` and
  :func:`~strongroom.records.approvals.steps.withdraw_approval` are steps an app's own action
  calls inside its transaction (submitting or withdrawing a record); they record history
  themselves.
- :func:`decide` is the action an approver calls (inbox, web or API); on the final approval or
  any rejection it calls the record type's ``on_approved`` / ``on_rejected`` callback in the same
  transaction.

E-mails (approvers of each step that opens, the requester on the outcome) go out on commit.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.records.approvals import notifications, registry, routing
from strongroom.records.approvals.models import (
    ApprovalRequest,
    ApprovalStatus,
    ApprovalStep,
    StepStatus,
)
from strongroom.records.approvals.permissions import APPROVAL_DECIDE
from strongroom.records.approvals.steps import cancel_open_steps, finish, hand_over

MAX_COMMENT = 2000


def _why_not(actor: Actor, step: ApprovalStep) -> str:
    membership = actor.membership
    if membership is not None and step.request.requester_id == membership.pk:
        return "Nobody approves their own request."
    return "You are not an approver of this step."


def _clean_comment(comment: str, *, approve: bool) -> str:
    cleaned = comment.strip()
    if len(cleaned) > MAX_COMMENT:
        raise ValidationError({"comment": f"At most {MAX_COMMENT} characters."})
    if not approve and not cleaned:
        raise ValidationError({"comment": "Say why you reject the request."})
    return cleaned


@action
def decide(*, actor: Actor, step: ApprovalStep, approve: bool, comment: str = "") -> ApprovalStep:
    """Approve or reject the open step ``step`` as one of its approvers.

    Approving the last step approves the request; rejecting any step rejects it. A rejection
    needs a comment. One person approves at most one step of a request.
    """
    try:
        policy.require(actor, APPROVAL_DECIDE, step)
    except policy.Forbidden:
        raise policy.Forbidden(_why_not(actor, step)) from None
    step = ApprovalStep.objects.select_for_update().select_related("request").get(pk=step.pk)
    approval = ApprovalRequest.objects.select_for_update().get(pk=step.request_id)
    if step.status != StepStatus.PENDING or approval.status != ApprovalStatus.PENDING:
        raise ValidationError({"__all__": "This step is not open for a decision any more."})
    assert actor.membership is not None  # noqa: S101 - the policy rule requires a membership
    if approval.steps.filter(decided_by=actor.membership, status=StepStatus.APPROVED).exists():
        raise policy.Forbidden("You approved an earlier step: someone else decides this one.")
    cleaned = _clean_comment(comment, approve=approve)
    before = capture(step)
    step.status = StepStatus.APPROVED if approve else StepStatus.REJECTED
    step.decided_by, step.decided_at, step.comment = actor.membership, timezone.now(), cleaned
    step.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    event = (
        AuditEventType.APPROVAL_STEP_APPROVED if approve
        else AuditEventType.APPROVAL_STEP_REJECTED
    )
    record(actor=actor, event=event, obj=step, company_id=step.company_id, before=before)
    following = approval.steps.filter(position__gt=step.position).order_by("position").first()
    if approve and following is not None:
        _open_step(actor, approval, following)
        return step
    approvable = registry.get(approval.kind)
    target = approvable.records().select_for_update().get(pk=approval.record_id)
    if approve:
        finish(actor, approval, ApprovalStatus.APPROVED, AuditEventType.APPROVAL_GRANTED)
        approvable.on_approved(actor=actor, record=target, approval=approval)
    else:
        cancel_open_steps(actor, approval)
        finish(actor, approval, ApprovalStatus.REJECTED, AuditEventType.APPROVAL_REFUSED)
        approvable.on_rejected(actor=actor, record=target, approval=approval)
    notifications.decided(approval.pk)
    return step


def _open_step(actor: Actor, approval: ApprovalRequest, step: ApprovalStep) -> None:
    """Make ``step`` the open one. If everyone it names already approved an earlier step (or
    left the company), the owners (then admins) who have not take it over."""
    earlier = routing.earlier_deciders(approval)
    step = ApprovalStep.objects.select_for_update().get(pk=step.pk)
    before = capture(step)
    extra: dict[str, Any] = {}
    approvers = [m for m in step.approvers.all() if routing.can_decide(m) and m.pk not in earlier]
    if not approvers:
        owners = routing.takeover(approval, earlier)
        if not owners:
            raise ValidationError(
                {"__all__": "Nobody is left to decide the next step: add another owner."}
            )
        extra = hand_over(step, owners, "its approvers decided earlier steps")
    step.status = StepStatus.PENDING
    step.save(update_fields=["status", "fallback", "basis"])
    approval_before = capture(approval)
    approval.current_step = step.position
    approval.save(update_fields=["current_step"])
    record(actor=actor, event=AuditEventType.APPROVAL_STEP_OPENED, obj=step,
           company_id=step.company_id, before=before, extra=extra)
    record(actor=actor, event=AuditEventType.APPROVAL_STEP_OPENED, obj=approval,
           company_id=approval.company_id, before=approval_before)
    notifications.step_opened(approval.pk, step.position)
