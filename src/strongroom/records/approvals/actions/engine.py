"""The approval engine: start an approval, decide its steps, withdraw it.

Public interface for record apps (see docs/records.md, "Approvals"):

- :func:`start_approval` and :func:`withdraw_approval` are helpers an app's own action calls
  inside its transaction (submitting or withdrawing a record); they record history themselves.
- :func:`decide` is the action an approver calls (inbox, web or API); on the final approval or
  any rejection it calls the record type's ``on_approved`` / ``on_rejected`` callback in the same
  transaction.

E-mails (approvers of each step that opens, the requester on the outcome) go out on commit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.tenancy.models import Membership
from strongroom.records.approvals import notifications, registry, routing
from strongroom.records.approvals.models import (
    ApprovalRequest,
    ApprovalStatus,
    ApprovalStep,
    StepStatus,
)
from strongroom.records.approvals.permissions import APPROVAL_DECIDE

MAX_COMMENT = 2000


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the approval engine runs inside the calling action's transaction")


def open_request(kind: str, record_obj: models.Model) -> ApprovalRequest | None:
    """The record's pending approval, locked for update, if it has one."""
    return (
        ApprovalRequest.objects.select_for_update()
        .filter(kind=kind, record_id=str(record_obj.pk), status=ApprovalStatus.PENDING)
        .first()
    )


def start_approval(
    *,
    actor: Actor,
    record_obj: models.Model,
    kind: str,
    requester: Membership,
    amount: Decimal | None = None,
) -> ApprovalRequest:
    """Start approving ``record_obj`` (of a registered ``kind``) for ``requester``.

    ``amount`` is in the kind's unit (company currency or working days) and is compared with the
    rules' thresholds. The steps and their approvers are fixed now; the first step opens and its
    approvers are e-mailed on commit. Call it from your own action (it does not check policy).
    """
    _require_transaction()
    approvable = registry.get(kind)
    company_id = record_obj.company_id  # type: ignore[attr-defined]
    if requester.company_id != company_id or not isinstance(record_obj, approvable.model):
        raise ValueError("record, kind and requester must belong together")
    if open_request(kind, record_obj) is not None:
        raise ValidationError({"__all__": "This record is already waiting for approval."})
    submitter = actor.membership
    excluded = {submitter.pk} if submitter is not None and submitter.pk else set()
    steps = routing.plan(
        company=requester.company, kind=kind, requester=requester, amount=amount,
        excluded=excluded,
    )
    approval = ApprovalRequest.objects.create(
        company_id=company_id, kind=kind, record_id=str(record_obj.pk), requester=requester,
        submitted_by=submitter if submitter is not None and submitter.pk else None,
        amount=amount, current_step=1,
    )
    record(actor=actor, event=AuditEventType.APPROVAL_REQUESTED, obj=approval,
           company_id=company_id)
    for planned in steps:
        step = ApprovalStep.objects.create(
            company_id=company_id, request=approval, position=planned.position,
            basis=planned.basis[:300], fallback=planned.fallback,
            status=StepStatus.PENDING if planned.position == 1 else StepStatus.WAITING,
        )
        step.approvers.set(planned.approvers)
        record(
            actor=actor, event=AuditEventType.APPROVAL_STEP_PLANNED, obj=step,
            company_id=company_id,
            extra={"approvers": sorted(member.pk for member in planned.approvers)},
        )
    notifications.step_opened(approval.pk, 1)
    return approval


def withdraw_approval(*, actor: Actor, kind: str, record_obj: models.Model) -> ApprovalRequest:
    """End the record's pending approval (the requester withdrew or cancelled the record)."""
    _require_transaction()
    approval = open_request(kind, record_obj)
    if approval is None:
        raise ValidationError({"__all__": "This record is not waiting for approval."})
    _cancel_open_steps(actor, approval)
    _finish(actor, approval, ApprovalStatus.WITHDRAWN, AuditEventType.APPROVAL_WITHDRAWN)
    return approval


def _cancel_open_steps(actor: Actor, approval: ApprovalRequest) -> None:
    open_steps = approval.steps.filter(status__in=[StepStatus.WAITING, StepStatus.PENDING])
    for step in open_steps.select_for_update():
        before = capture(step)
        step.status = StepStatus.CANCELLED
        step.save(update_fields=["status"])
        record(actor=actor, event=AuditEventType.APPROVAL_STEP_CANCELLED, obj=step,
               company_id=step.company_id, before=before)


def _finish(
    actor: Actor, approval: ApprovalRequest, status: str, event: AuditEventType
) -> None:
    before = capture(approval)
    approval.status, approval.decided_at = status, timezone.now()
    approval.save(update_fields=["status", "decided_at"])
    record(actor=actor, event=event, obj=approval, company_id=approval.company_id, before=before)


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
        _finish(actor, approval, ApprovalStatus.APPROVED, AuditEventType.APPROVAL_GRANTED)
        approvable.on_approved(actor=actor, record=target, approval=approval)
    else:
        _cancel_open_steps(actor, approval)
        _finish(actor, approval, ApprovalStatus.REJECTED, AuditEventType.APPROVAL_REFUSED)
        approvable.on_rejected(actor=actor, record=target, approval=approval)
    notifications.decided(approval.pk)
    return step


def hand_over(step: ApprovalStep, owners: tuple[Membership, ...], why: str) -> dict[str, Any]:
    """Give ``step`` to ``owners`` (the caller saves it and records the change); returns the
    history entry's extra naming them."""
    step.approvers.set(owners)
    step.fallback = True
    step.basis = f"{step.basis}; {why}, so the owners do"[:300]
    return {"approvers": sorted(member.pk for member in owners)}


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
