"""The claim's life through the actions: draft -> submitted -> approved or rejected ->
reimbursed, every other move refused without a trace, and the history of each step."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.records.approvals.actions.engine import decide
from strongroom.records.approvals.models import ApprovalRequest, ApprovalStep
from strongroom.records.expenses import actions
from strongroom.records.expenses.models import ClaimStatus, ExpenseClaim
from tests.conftest import CompanyWorld, World
from tests.expenses.factories import approved_claim, draft_claim, employee, submitted_claim
from tests.expenses.helpers import days_ago, draft_changes, events, line, trip

pytestmark = pytest.mark.django_db
OWNER, ACCOUNTANT = perms.OWNER, perms.ACCOUNTANT


def _open_step(claim: ExpenseClaim) -> ApprovalStep:
    return ApprovalStep.objects.get(request__record_id=str(claim.pk), status="pending")


def _reject(company: CompanyWorld, claim: ExpenseClaim) -> ExpenseClaim:
    decide(actor=company.actor(OWNER), step=_open_step(claim), approve=False,
           comment="Receipt unreadable")
    claim.refresh_from_db()
    return claim


def test_the_whole_way_is_recorded(world: World) -> None:
    claim = approved_claim(world.a)
    assert claim.status == ClaimStatus.APPROVED
    assert claim.decided_at is not None
    actions.mark_claim_reimbursed(actor=world.a.actor(ACCOUNTANT), claim=claim,
                                  reimbursed_on=timezone.localdate())
    claim.refresh_from_db()
    assert (claim.status, claim.reimbursed_on) == (ClaimStatus.REIMBURSED, timezone.localdate())
    assert events(claim) == [
        T.EXPENSE_CLAIM_CREATED, T.EXPENSE_CLAIM_UPDATED,  # the line's amount on the total
        T.EXPENSE_CLAIM_SUBMITTED, T.EXPENSE_CLAIM_APPROVED, T.EXPENSE_CLAIM_REIMBURSED,
    ]
    changes = AuditEvent.objects.get(object_id=str(claim.pk),
                                     event_type=T.EXPENSE_CLAIM_REIMBURSED).changes
    assert changes["status"] == ["approved", "reimbursed"]


def test_a_rejected_claim_is_corrected_and_submitted_again(world: World) -> None:
    actor = employee(world.a)
    claim = _reject(world.a, submitted_claim(world.a))
    assert claim.status == ClaimStatus.REJECTED
    assert events(claim)[-1] == T.EXPENSE_CLAIM_REJECTED
    actions.update_claim(actor=actor, claim=claim, title="Customer visit, corrected")
    trip(actor, claim, "20")
    claim = actions.submit_claim(actor=actor, claim=claim)
    assert (claim.status, claim.decided_at) == (ClaimStatus.SUBMITTED, None)
    requests = ApprovalRequest.objects.filter(record_id=str(claim.pk)).order_by("created_at")
    assert [r.status for r in requests] == ["rejected", "pending"]
    assert requests[1].amount == claim.total == Decimal("320.00")


def test_a_rejection_needs_a_comment(world: World) -> None:
    claim = submitted_claim(world.a)
    with pytest.raises(ValidationError) as caught:
        decide(actor=world.a.actor(OWNER), step=_open_step(claim), approve=False, comment=" ")
    assert "comment" in caught.value.message_dict
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def _edit(w: World, c: ExpenseClaim) -> Any:
    return actions.update_claim(actor=employee(w.a), claim=c, title="Changed")


def _add(w: World, c: ExpenseClaim) -> Any:
    return line(employee(w.a), c)


def _add_trip(w: World, c: ExpenseClaim) -> Any:
    return trip(employee(w.a), c, "5")


def _remove(w: World, c: ExpenseClaim) -> Any:
    return actions.remove_expense_line(actor=employee(w.a), line=c.lines.first())


def _delete(w: World, c: ExpenseClaim) -> Any:
    return actions.delete_claim(actor=employee(w.a), claim=c)


def _submit(w: World, c: ExpenseClaim) -> Any:
    return actions.submit_claim(actor=employee(w.a), claim=c)


def _reimburse(w: World, c: ExpenseClaim) -> Any:
    return actions.mark_claim_reimbursed(actor=w.a.actor(ACCOUNTANT), claim=c,
                                         reimbursed_on=timezone.localdate())


def _reimbursed(company: CompanyWorld) -> ExpenseClaim:
    claim = approved_claim(company)
    return actions.mark_claim_reimbursed(actor=company.actor(ACCOUNTANT), claim=claim,
                                         reimbursed_on=timezone.localdate())


STATES: dict[str, Callable[[CompanyWorld], ExpenseClaim]] = {
    "draft": draft_claim, "submitted": submitted_claim, "approved": approved_claim,
    "rejected": lambda c: _reject(c, submitted_claim(c)), "reimbursed": _reimbursed,
}
MOVES = {"edit": _edit, "add": _add, "add_trip": _add_trip, "remove": _remove,
         "delete": _delete, "submit": _submit, "reimburse": _reimburse}
ALLOWED = {
    "draft": {"edit", "add", "add_trip", "remove", "delete", "submit"},
    "rejected": {"edit", "add", "add_trip", "remove", "submit"},
    "approved": {"reimburse"},
    "submitted": set(), "reimbursed": set(),
}


@pytest.mark.parametrize("state", list(STATES))
def test_only_the_allowed_moves_from_each_state(world: World, state: str) -> None:
    """Every refused move is a ``status`` error and leaves no trace; each allowed one works."""
    for move in sorted(set(MOVES) - ALLOWED[state]):
        claim = STATES[state](world.a)
        recorded, lines = AuditEvent.objects.count(), claim.lines.count()
        with pytest.raises(ValidationError) as caught:
            MOVES[move](world, claim)
        assert "status" in caught.value.message_dict, move
        assert AuditEvent.objects.count() == recorded, move
        claim_after = ExpenseClaim.objects.get(pk=claim.pk)
        assert (claim_after.status, claim_after.lines.count()) == (state, lines), move
    for move in sorted(ALLOWED[state]):
        MOVES[move](world, STATES[state](world.a))


def test_an_empty_claim_or_a_line_without_receipt_is_not_submitted(world: World) -> None:
    actor, claim = employee(world.a), draft_claim(world.a, lines=0)
    with pytest.raises(ValidationError) as caught:
        actions.submit_claim(actor=actor, claim=claim)
    assert "lines" in caught.value.message_dict
    trip(actor, claim, "12")
    line(actor, claim, receipt=None)
    with pytest.raises(ValidationError, match="Attach a receipt to line 2"):
        actions.submit_claim(actor=actor, claim=claim)
    assert not ApprovalRequest.objects.filter(record_id=str(claim.pk)).exists()
    actions.remove_expense_line(actor=actor, line=claim.lines.get(position=2))
    assert actions.submit_claim(actor=actor, claim=claim).status == ClaimStatus.SUBMITTED


def test_the_payout_date_follows_the_approval_and_is_not_in_the_future(world: World) -> None:
    claim = approved_claim(world.a)
    accountant = world.a.actor(ACCOUNTANT)
    for day in (days_ago(1), days_ago(-1)):
        with pytest.raises(ValidationError) as caught:
            actions.mark_claim_reimbursed(actor=accountant, claim=claim, reimbursed_on=day)
        assert "reimbursed_on" in caught.value.message_dict
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


@pytest.mark.parametrize(
    ("role", "error"),
    [(perms.MANAGER, NotFound), (perms.ADMIN, Forbidden), (ACCOUNTANT, Forbidden)],
)
def test_only_the_claimant_changes_or_submits_a_claim(
    world: World, role: str, error: type[Exception]
) -> None:
    """Others do not see it (NotFound) or see it but may not change it (Forbidden)."""
    claim, other = draft_claim(world.a), world.a.actor(role)
    for call in draft_changes(other, claim):
        with pytest.raises(error):
            call()
    claim.refresh_from_db()
    assert (claim.title, claim.status, claim.lines.count()) == ("Customer visit", "draft", 1)


@pytest.mark.parametrize(
    ("role", "error"),
    [(perms.EMPLOYEE, NotFound), (perms.MANAGER, NotFound), (perms.ADMIN, Forbidden)],
)
def test_only_accountants_record_a_payout(world: World, role: str, error: type[Exception]) -> None:
    """The claimant too: reimbursement is seen with ``expense.view_all``, which they lack."""
    claim = approved_claim(world.a)
    with pytest.raises(error):
        actions.mark_claim_reimbursed(actor=world.a.actor(role), claim=claim,
                                      reimbursed_on=timezone.localdate())
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
