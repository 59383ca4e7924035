"""Expense claims: create, change, delete, submit for approval, reimburse; the mileage rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.files.steps import delete_file
from strongroom.platform.history import tracking
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.retention.guard import ensure_deletable
from strongroom.records.approvals import steps as approval_steps
from strongroom.records.expenses import validation
from strongroom.records.expenses.approval import KIND
from strongroom.records.expenses.models import (
    ClaimStatus,
    ExpenseClaim,
    ExpenseSettings,
)
from strongroom.records.expenses.permissions import (
    EXPENSE_REIMBURSE,
    EXPENSE_SETTINGS,
    EXPENSE_SUBMIT,
)
from strongroom.records.expenses.steps import locked_editable


@action
def create_claim(*, actor: Actor, title: str, bank_account: str = "") -> ExpenseClaim:
    """Start a draft claim of the actor's own, in the company's currency."""
    company = actor.company
    if company is None or actor.membership is None or not actor.membership.pk:
        raise policy.NotFound()
    policy.require(actor, EXPENSE_SUBMIT, company)
    claim = ExpenseClaim(
        company=company, claimant=actor.membership, currency=company.currency,
        title=validation.text("title", title, 200),
        bank_account=validation.text("bank_account", bank_account, 64, required=False),
    )
    claim.save(force_insert=True)
    record(actor=actor, event=AuditEventType.EXPENSE_CLAIM_CREATED, obj=claim,
           company_id=company.pk)
    return claim


@action
def update_claim(
    *, actor: Actor, claim: ExpenseClaim, title: str | None = None,
    bank_account: str | None = None,
) -> ExpenseClaim:
    """Change a draft or rejected claim's title or bank account."""
    policy.require(actor, EXPENSE_SUBMIT, claim)
    claim = locked_editable(claim)
    before = tracking.capture(claim)
    if title is not None:
        claim.title = validation.text("title", title, 200)
    if bank_account is not None:
        claim.bank_account = validation.text("bank_account", bank_account, 64, required=False)
    if tracking.capture(claim) != before:
        claim.save()
        record(actor=actor, event=AuditEventType.EXPENSE_CLAIM_UPDATED, obj=claim,
               company_id=claim.company_id, before=before)
    return claim


@action
def delete_claim(*, actor: Actor, claim: ExpenseClaim) -> None:
    """Delete a draft claim, its lines and their receipts."""
    policy.require(actor, EXPENSE_SUBMIT, claim)
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.DRAFT:  # a submitted claim is deleted by no one
        raise ValidationError({"status": "Only a draft claim can be deleted."})
    ensure_deletable(claim)
    for line in claim.lines.select_related("receipt"):
        receipt = line.receipt
        record(actor=actor, event=AuditEventType.EXPENSE_LINE_REMOVED, obj=line,
               company_id=claim.company_id, deleted=True)
        line.delete()
        if receipt is not None:
            delete_file(actor=actor, stored=receipt, permission=EXPENSE_SUBMIT, on=claim)
    record(actor=actor, event=AuditEventType.EXPENSE_CLAIM_DELETED, obj=claim,
           company_id=claim.company_id, deleted=True)
    claim.delete()


@action
def submit_claim(*, actor: Actor, claim: ExpenseClaim) -> ExpenseClaim:
    """Send a claim for approval under the company's rules (P-B2). Every expense line needs
    its receipt."""
    policy.require(actor, EXPENSE_SUBMIT, claim)
    claim = locked_editable(claim)
    lines = list(claim.lines.all())
    if not lines:
        raise ValidationError({"lines": "Add at least one expense before submitting."})
    missing = [str(line.position) for line in lines if not line.is_mileage and not line.receipt_id]
    if missing:
        raise ValidationError({"lines": f"Attach a receipt to line {', '.join(missing)}."})
    before = tracking.capture(claim)
    claim.status, claim.submitted_at, claim.decided_at = (
        ClaimStatus.SUBMITTED, timezone.now(), None
    )
    claim.save()
    record(actor=actor, event=AuditEventType.EXPENSE_CLAIM_SUBMITTED, obj=claim,
           company_id=claim.company_id, before=before)
    approval_steps.start_approval(actor=actor, record_obj=claim, kind=KIND,
                                  requester=claim.claimant, amount=claim.total)
    return claim


@action
def mark_claim_reimbursed(
    *, actor: Actor, claim: ExpenseClaim, reimbursed_on: dt.date
) -> ExpenseClaim:
    """Record that an approved claim was paid out."""
    policy.require(actor, EXPENSE_REIMBURSE, claim)
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.APPROVED:
        raise ValidationError({"status": "Only an approved claim can be reimbursed."})
    if claim.decided_at is not None and reimbursed_on < timezone.localdate(claim.decided_at):
        raise ValidationError({"reimbursed_on": "The payout cannot be before the approval."})
    if reimbursed_on > timezone.localdate():
        raise ValidationError({"reimbursed_on": "The payout date cannot be in the future."})
    before = tracking.capture(claim)
    claim.status, claim.reimbursed_on = ClaimStatus.REIMBURSED, reimbursed_on
    claim.save(update_fields=["status", "reimbursed_on"])
    record(actor=actor, event=AuditEventType.EXPENSE_CLAIM_REIMBURSED, obj=claim,
           company_id=claim.company_id, before=before)
    return claim


@action
def set_mileage_rate(*, actor: Actor, rate: Decimal) -> ExpenseSettings:
    """Set the company's rate per km for new mileage lines (existing lines keep theirs)."""
    company = actor.company
    if company is None:
        raise policy.NotFound()
    policy.require(actor, EXPENSE_SETTINGS, company)
    value = validation.rate(rate)
    current = ExpenseSettings.objects.select_for_update().filter(company=company).first()
    if current is None:
        current = ExpenseSettings.objects.create(company=company, mileage_rate=value)
        record(actor=actor, event=AuditEventType.EXPENSE_SETTINGS_CHANGED, obj=current,
               company_id=company.pk)
        return current
    before = tracking.capture(current)
    current.mileage_rate = value
    current.save()
    record(actor=actor, event=AuditEventType.EXPENSE_SETTINGS_CHANGED, obj=current,
           company_id=company.pk, before=before)
    return current
