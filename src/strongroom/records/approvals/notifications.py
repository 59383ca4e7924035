"""E-mails of the approval engine, queued after the deciding transaction commits (the outbox of
``platform/jobs/mail.py`` sends them and tries again while the mail server is down).

Approvers hear when a step they can decide opens; the requester hears the outcome. Mails name
the record with its kind's ``describe`` text and link to the page, never free-text notes.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from strongroom.platform.jobs import mail
from strongroom.records.approvals import registry
from strongroom.records.approvals.models import ApprovalRequest, ApprovalStep

logger = logging.getLogger("strongroom.approvals")
SITE_NAME = "Strongroom"


def step_opened(approval_id: uuid.UUID, position: int) -> None:
    """On commit, tell the approvers of step ``position`` that a request waits for them."""
    transaction.on_commit(lambda: _send_safely(_step_opened, approval_id, position))


def decided(approval_id: uuid.UUID) -> None:
    """On commit, tell the requester how their request was decided."""
    transaction.on_commit(lambda: _send_safely(_decided, approval_id))


def _send_safely(send: Any, *args: Any) -> None:
    try:
        send(*args)
    except Exception:  # the decision is committed: a mail that cannot be written must not hide it
        logger.exception("approval e-mail could not be written for %s", args)


def _context(approval: ApprovalRequest) -> dict[str, Any]:
    approvable = registry.get(approval.kind)
    target = approvable.records().filter(pk=approval.record_id).first()
    host = next(iter(settings.ALLOWED_HOSTS), "")
    company = approval.requester.company
    return {
        "approval": approval,
        "kind_label": approvable.label,
        "description": approvable.describe(target) if target is not None else "",
        "requester": approval.requester.user,
        "company": company,
        "inbox_path": f"/c/{company.slug}/approvals/",
        "approval_path": f"/c/{company.slug}/approvals/{approval.pk}/",
        "host": host,
        "site_name": SITE_NAME,
    }


def _mail(template: str, context: dict[str, Any], to: list[str]) -> None:
    subject = " ".join(render_to_string(f"approvals/email/{template}_subject.txt", context).split())
    body = render_to_string(f"approvals/email/{template}_message.txt", context)
    mail.send_after_commit(subject=f"[{SITE_NAME}] {subject}", body=body, to=to)


def _step_opened(approval_id: uuid.UUID, position: int) -> None:
    approval = ApprovalRequest.objects.select_related("requester__user", "requester__company").get(
        pk=approval_id
    )
    step = ApprovalStep.objects.get(request=approval, position=position)
    context = {**_context(approval), "step": step, "steps": approval.steps.count()}
    for approver in step.approvers.select_related("user").filter(is_active=True):
        _mail("step_opened", {**context, "approver": approver.user}, [approver.user.email])


def _decided(approval_id: uuid.UUID) -> None:
    approval = ApprovalRequest.objects.select_related("requester__user", "requester__company").get(
        pk=approval_id
    )
    deciding = approval.steps.exclude(decided_by=None).select_related("decided_by__user")
    last = deciding.order_by("-position").first()
    context = {**_context(approval), "last_step": last}
    _mail("decided", context, [approval.requester.user.email])
