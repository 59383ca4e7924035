"""Steps of the approval engine: each runs inside the calling action's transaction and checks no
policy; the action that calls it has.

Record apps call :func:`start_approval` and :func:`withdraw_approval` from their own actions
(submitting or withdrawing a record); the engine's own action, ``actions/engine.py``'s
``decide``, and the job that hands stranded steps over share the rest.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from strongroom.platform.access.actor import Actor
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
    cancel_open_steps(actor, approval)
    finish(actor, approval, ApprovalStatus.WITHDRAWN, AuditEventType.APPROVAL_WITHDRAWN)
    return approval


def cancel_open_steps(actor: Actor, approval: ApprovalRequest) -> None:
    """Cancel the request's waiting and pending steps, recording each."""
    open_steps = approval.steps.filter(status__in=[StepStatus.WAITING, StepStatus.PENDING])
    for step in open_steps.select_for_update():
        before = capture(step)
        step.status = StepStatus.CANCELLED
        step.save(update_fields=["status"])
        record(actor=actor, event=AuditEventType.APPROVAL_STEP_CANCELLED, obj=step,
               company_id=step.company_id, before=before)


def finish(
    actor: Actor, approval: ApprovalRequest, status: str, event: AuditEventType
) -> None:
    """Close the request with ``status`` now, recording ``event``."""
    before = capture(approval)
    approval.status, approval.decided_at = status, timezone.now()
    approval.save(update_fields=["status", "decided_at"])
    record(actor=actor, event=event, obj=approval, company_id=approval.company_id, before=before)


def hand_over(step: ApprovalStep, owners: tuple[Membership, ...], why: str) -> dict[str, Any]:
    """Give ``step`` to ``owners`` (the caller saves it and records the change); returns the
    history entry's extra naming them."""
    step.approvers.set(owners)
    step.fallback = True
    step.basis = f"{step.basis}; {why}, so the owners do"[:300]
    return {"approvers": sorted(member.pk for member in owners)}
