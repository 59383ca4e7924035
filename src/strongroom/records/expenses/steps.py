"""Steps of expenses' actions: each runs inside the calling action's transaction and checks no
policy; the action that calls it has."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum

from strongroom.platform.access.actor import Actor
from strongroom.platform.history import tracking
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.records.expenses.models import ExpenseClaim, ExpenseLine

NOT_EDITABLE = "Only a draft or rejected claim can change."


def locked_editable(claim: ExpenseClaim) -> ExpenseClaim:
    """The claim under a row lock; ValidationError unless it is a draft or rejected."""
    locked = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    if not locked.editable:
        raise ValidationError({"status": NOT_EDITABLE})
    return locked


def refresh_totals(actor: Actor, claim: ExpenseClaim) -> None:
    """Put the sum of the lines on the claim, recording the change."""
    sums = ExpenseLine.objects.filter(claim=claim).aggregate(
        total=Sum("claim_amount"), vat=Sum("claim_vat_amount")
    )
    before = tracking.capture(claim)
    claim.total = sums["total"] or Decimal(0)
    claim.vat_total = sums["vat"] or Decimal(0)
    if tracking.capture(claim) != before:
        claim.save(update_fields=["total", "vat_total"])
        record(actor=actor, event=AuditEventType.EXPENSE_CLAIM_UPDATED, obj=claim,
               company_id=claim.company_id, before=before)
