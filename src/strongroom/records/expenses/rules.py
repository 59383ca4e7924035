"""Object rules of expenses: a claim is changed and submitted only by its claimant, and seen
by its claimant, by approvers of its request, and by holders of ``expense.view_all``."""

from __future__ import annotations

from typing import Any

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.records.expenses.permissions import EXPENSE_SUBMIT, EXPENSE_VIEW, EXPENSE_VIEW_ALL


def _claim_of(obj: Any) -> Any:
    from strongroom.records.expenses.models import ExpenseClaim, ExpenseLine

    if isinstance(obj, ExpenseLine):
        return obj.claim
    return obj if isinstance(obj, ExpenseClaim) else None


def _is_claimant(actor: Actor, obj: Any) -> bool:
    claim = _claim_of(obj)
    if claim is None:
        return True
    return actor.membership is not None and claim.claimant_id == actor.membership.pk


def is_approver(actor: Actor, claim: Any) -> bool:
    """Whether the actor is named on any step of the claim's approval requests."""
    from strongroom.records.approvals.selectors import records_naming_approver

    if actor.membership is None:
        return False
    named = records_naming_approver(claim.company_id, "expense", actor.membership)
    return named.filter(record_id=str(claim.pk)).exists()


def _may_see(actor: Actor, obj: Any) -> bool:
    claim = _claim_of(obj)
    if claim is None or _is_claimant(actor, claim):
        return True
    return policy.allows(actor, EXPENSE_VIEW_ALL, claim) or is_approver(actor, claim)


policy.add_object_rule(EXPENSE_SUBMIT, _is_claimant)
policy.add_object_rule(EXPENSE_VIEW, _may_see)
