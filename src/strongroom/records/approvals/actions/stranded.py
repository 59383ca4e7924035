"""Open steps that nobody can decide any more are handed to the owners.

Approvers are fixed when a request is submitted. If every approver of the open step has since
left the company or lost the right to decide approvals, the request would wait for ever; the
periodic job below finds such steps and gives them to the owners (then the admins), leaving out
the requester, whoever submitted for them and whoever approved an earlier step, exactly as a
step planned without approvers would be. Each hand-over is recorded and mailed.
"""

from __future__ import annotations

from datetime import timedelta

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, Channel
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.jobs.registry import periodic
from strongroom.records.approvals import notifications, routing
from strongroom.records.approvals.models import ApprovalStep, StepStatus
from strongroom.records.approvals.steps import hand_over


def _stranded(step: ApprovalStep) -> bool:
    return not any(routing.can_decide(member) for member in step.approvers.all())


@action
def reroute_stranded_steps(*, actor: Actor) -> int:
    """Give every open step whose approvers can no longer decide to the owners (then admins);
    returns how many steps were handed over. Steps with nobody left to take them stay as
    they are (the company has no other owner or admin) and are tried again next time.
    Only the platform's own jobs run it."""
    if actor.channel != Channel.SYSTEM:
        raise policy.NotFound()
    open_steps = (
        ApprovalStep.objects.filter(status=StepStatus.PENDING)
        .prefetch_related("approvers__custom_role")
        .order_by("company_id", "pk")
    )
    stranded = [step.pk for step in open_steps if _stranded(step)]
    moved = 0
    for pk in stranded:
        step = (
            ApprovalStep.objects.select_for_update(of=("self",))
            .select_related("request__requester__company")
            .get(pk=pk)
        )
        if step.status != StepStatus.PENDING or not _stranded(step):
            continue  # decided or changed since the scan
        approval = step.request
        owners = routing.takeover(approval, routing.earlier_deciders(approval))
        if not owners:
            continue
        before = capture(step)
        extra = hand_over(step, owners, "its approvers can no longer decide")
        step.save(update_fields=["fallback", "basis"])
        record(
            actor=actor, event=AuditEventType.APPROVAL_STEP_REROUTED, obj=step,
            company_id=step.company_id, before=before, extra=extra,
        )
        notifications.step_opened(approval.pk, step.position)
        moved += 1
    return moved


@periodic(name="approvals.reroute_stranded", every=timedelta(minutes=15))
def reroute_stranded(actor: Actor) -> str:
    """Hand open approval steps whose approvers have all left to the owners."""
    return f"handed {reroute_stranded_steps(actor=actor)} stranded step(s) to the owners"
