"""Reads of expenses: a member sees their own claims and those they approve; holders of
``expense.view_all`` see every claim. Missing and not-visible look the same."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.records.approvals import selectors as approval_selectors
from strongroom.records.expenses.approval import KIND
from strongroom.records.expenses.models import ExpenseClaim, ExpenseLine, ExpenseSettings
from strongroom.records.expenses.permissions import EXPENSE_VIEW, EXPENSE_VIEW_ALL

if TYPE_CHECKING:
    from strongroom.records.approvals.models import ApprovalRequest, ApprovalStep

SORTS = {"created": "created_at", "total": "total", "status": "status"}


def _approved_by(actor: Actor) -> list[uuid.UUID]:
    """Ids of the claims whose approval names the actor."""
    if actor.membership is None or not actor.membership.pk or actor.company_id is None:
        return []
    ids = approval_selectors.records_naming_approver(actor.company_id, KIND, actor.membership)
    return [uuid.UUID(value) for value in ids]


def claims(
    actor: Actor, *, status: str = "", mine: bool = False, q: str = "", sort: str = "-created"
) -> QuerySet[ExpenseClaim]:
    """The claims the actor may see, filtered (``mine``: only their own) and sorted."""
    queryset = policy.restrict(
        actor, ExpenseClaim.objects.select_related("claimant__user"), EXPENSE_VIEW
    )
    own = Q(claimant=actor.membership) if actor.membership is not None else Q(pk__in=[])
    if mine:
        queryset = queryset.filter(own)
    elif not policy.allows(actor, EXPENSE_VIEW_ALL):
        queryset = queryset.filter(own | Q(pk__in=_approved_by(actor)))
    if status:
        queryset = queryset.filter(status=status)
    if q.strip():
        queryset = queryset.filter(title__icontains=q.strip())
    field = SORTS.get(sort.lstrip("-"), "created_at")
    return queryset.order_by(f"-{field}" if sort.startswith("-") else field, "id")


def claim(actor: Actor, claim_id: uuid.UUID | str) -> ExpenseClaim:
    """One claim with its lines and receipts, or NotFound."""
    queryset = ExpenseClaim.objects.select_related("claimant__user", "company").prefetch_related(
        Prefetch("lines", queryset=ExpenseLine.objects.select_related("receipt"))
    )
    return policy.get_for_actor(actor, queryset, EXPENSE_VIEW, pk=claim_id)


def line(actor: Actor, claim_obj: ExpenseClaim, line_id: uuid.UUID | str) -> ExpenseLine:
    """One line of a claim the actor sees, or NotFound."""
    for item in claim_obj.lines.all():
        if str(item.pk) == str(line_id):
            return item
    raise policy.NotFound()


def approval(actor: Actor, claim_obj: ExpenseClaim) -> ApprovalRequest | None:
    """The claim's latest approval request (steps prefetched), if the actor may see it."""
    return approval_selectors.for_records(actor, KIND, [claim_obj.pk]).get(str(claim_obj.pk))


def step_to_decide(actor: Actor, request: ApprovalRequest | None) -> ApprovalStep | None:
    """The open step of ``request`` if the actor is one of its approvers."""
    if request is None or actor.membership is None:
        return None
    step = approval_selectors.open_step(request)
    if step is None or actor.membership.pk not in {m.pk for m in step.approvers.all()}:
        return None
    return step


def settings_for(company_id: int) -> ExpenseSettings:
    """The company's expense settings (defaults until someone sets them; not saved)."""
    found = ExpenseSettings.objects.filter(company_id=company_id).first()
    return found or ExpenseSettings(company_id=company_id)


def expense_settings(actor: CompanyActor) -> ExpenseSettings:
    """The company's mileage rate (for any member who may see expenses)."""
    policy.require(actor, EXPENSE_VIEW, actor.company)
    return settings_for(actor.company_id)
