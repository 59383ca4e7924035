"""Expense claims in the approval engine (records/approvals): registration and the callbacks
the engine calls, inside its decision's transaction, when a claim's request ends."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from strongroom.platform import money
from strongroom.platform.history import tracking
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.retention.rules import retained_until
from strongroom.records.approvals import registry
from strongroom.records.expenses.models import ClaimStatus, ExpenseClaim

KIND = "expense"


def _decided(*, actor: Any, record_obj: ExpenseClaim, status: str, event: AuditEventType) -> None:
    before = tracking.capture(record_obj)
    record_obj.status, record_obj.decided_at = status, timezone.now()
    kept = retained_until(record_obj)
    record_obj.retained_until = kept[0] if kept else None
    record_obj.save(update_fields=["status", "decided_at", "retained_until"])
    record(actor=actor, event=event, obj=record_obj, company_id=record_obj.company_id,
           before=before)


def claim_approved(*, actor: Any, record: ExpenseClaim, approval: Any) -> None:
    """The last step approved the claim: it waits for reimbursement."""
    _decided(actor=actor, record_obj=record, status=ClaimStatus.APPROVED,
             event=AuditEventType.EXPENSE_CLAIM_APPROVED)


def claim_rejected(*, actor: Any, record: ExpenseClaim, approval: Any) -> None:
    """A step rejected the claim: the claimant may correct it and submit again."""
    _decided(actor=actor, record_obj=record, status=ClaimStatus.REJECTED,
             event=AuditEventType.EXPENSE_CLAIM_REJECTED)


def describe(claim: ExpenseClaim) -> str:
    """How the inbox and e-mails name a claim: no free text, no personal value."""
    total = money.format_amount(claim.total, claim.currency).replace("\u202f", " ")
    return f"Expense claim {str(claim.pk)[:8]}, {claim.currency} {total}"


def register() -> None:
    registry.register(registry.Approvable(
        kind=KIND,
        label="Expense claim",
        model=ExpenseClaim,
        amount_unit=registry.AmountUnit.CURRENCY,
        describe=describe,
        url=lambda claim: f"/c/{claim.company.slug}/expenses/{claim.pk}/",
        on_approved=claim_approved,
        on_rejected=claim_rejected,
        queryset=lambda: ExpenseClaim.objects.select_related("company"),
    ))
