"""Expense claims in the approval engine (P-B2) and who sees which claim (P-B3): the tagged
manager approves, nobody approves their own claim, claims above 10 000 in the company's
currency need an accountant too, the claimant hears the outcome after the commit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.tenancy.models import Membership
from strongroom.records.approvals.actions.engine import decide
from strongroom.records.approvals.models import ApprovalRequest, ApprovalStep
from strongroom.records.expenses import actions, selectors
from strongroom.records.expenses.models import ClaimStatus, ExpenseClaim
from tests.approvals.helpers import approver_roles, give_tags, rule
from tests.conftest import CompanyWorld, World
from tests.expenses.helpers import draft_changes, line

pytestmark = pytest.mark.django_db
OWNER, ADMIN, MANAGER = perms.OWNER, perms.ADMIN, perms.MANAGER
ACCOUNTANT, EMPLOYEE = perms.ACCOUNTANT, perms.EMPLOYEE


def _rules(company: CompanyWorld) -> None:
    """Oslo's lead approves Oslo's claims; above 10 000 an accountant approves as well."""
    give_tags(company.members[EMPLOYEE], "team:oslo")
    give_tags(company.members[MANAGER], "lead:oslo")
    rule(company, "expense", requester_tag="team:oslo", approver_tag="lead:oslo")
    rule(company, "expense", step=2, amount_above="10000", approver_role=ACCOUNTANT)


def _submit(company: CompanyWorld, role: str = EMPLOYEE, **fields: Any) -> ExpenseClaim:
    actor = company.actor(role)
    claim = actions.create_claim(actor=actor, title="Conference")
    line(actor, claim, **fields)
    return actions.submit_claim(actor=actor, claim=claim)


def _request(claim: ExpenseClaim) -> ApprovalRequest:
    return ApprovalRequest.objects.get(record_id=str(claim.pk), status="pending")


def _step(claim: ExpenseClaim, position: int) -> ApprovalStep:
    return ApprovalStep.objects.get(request__record_id=str(claim.pk), position=position)


@pytest.mark.parametrize(
    ("fields", "roles"),
    [
        ({"amount": Decimal("10000.00")}, [[MANAGER]]),
        ({"amount": Decimal("10000.01")}, [[MANAGER], [ACCOUNTANT]]),
        ({"currency": "EUR", "amount": Decimal("869.56"), "exchange_rate": Decimal("11.5")},
         [[MANAGER]]),  # 9 999.94 NOK
        ({"currency": "EUR", "amount": Decimal("869.56"), "exchange_rate": Decimal("11.6")},
         [[MANAGER], [ACCOUNTANT]]),  # 10 086.90 NOK, though 869.56 is far below 10 000
    ],
)
def test_the_threshold_is_on_the_total_in_company_currency(
    world: World, fields: dict[str, Any], roles: list[list[str]]
) -> None:
    _rules(world.a)
    claim = _submit(world.a, **fields)
    approval = _request(claim)
    assert approval.amount == claim.total
    assert approver_roles(approval) == roles


def test_the_manager_then_the_accountant_approve(world: World) -> None:
    _rules(world.a)
    claim = _submit(world.a, amount=Decimal("12000.00"))
    with pytest.raises(Forbidden):  # the owner is no approver of this step
        decide(actor=world.a.actor(OWNER), step=_step(claim, 1), approve=True)
    decide(actor=world.a.actor(MANAGER), step=_step(claim, 1), approve=True)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    decide(actor=world.a.actor(ACCOUNTANT), step=_step(claim, 2), approve=True)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


@pytest.mark.parametrize("role", [MANAGER, ACCOUNTANT])
def test_nobody_approves_their_own_claim(world: World, role: str) -> None:
    """The manager is Oslo's lead and the only accountant is an approver by role: on their own
    claims, someone else takes their step."""
    _rules(world.a)
    give_tags(world.a.members[role], "team:oslo", "lead:oslo")
    claim = _submit(world.a, role, amount=Decimal("20000.00"))
    own = world.a.members[role]
    for step in _request(claim).steps.all():
        assert own not in step.approvers.all()
    with pytest.raises(Forbidden, match="Nobody approves their own request"):
        decide(actor=world.a.actor(role), step=_step(claim, 1), approve=True)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


@pytest.mark.parametrize(("approve", "word"), [(True, "approved"), (False, "rejected")])
def test_the_claimant_is_mailed_the_outcome_on_commit(
    world: World, django_capture_on_commit_callbacks: Any, approve: bool, word: str
) -> None:
    _rules(world.a)
    claim = _submit(world.a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        decide(actor=world.a.actor(MANAGER), step=_step(claim, 1), approve=approve,
               comment="Fine" if approve else "No receipt for the taxi")
    assert mail.outbox == []  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):  # the outbox queues on commit too
        for callback in pending:
            callback()
    assert [message.to for message in mail.outbox] == [[world.a.user(EMPLOYEE).email]]
    assert f"Expense claim {word}" in mail.outbox[0].subject
    assert str(claim.pk)[:8] in mail.outbox[0].subject


def _visible(company: CompanyWorld, role: str) -> set[str]:
    return {claim.title for claim in selectors.claims(company.actor(role))}


def _draft(company: CompanyWorld, role: str) -> ExpenseClaim:
    actor = company.actor(role)
    claim = actions.create_claim(actor=actor, title=f"{role}'s claim")
    line(actor, claim)
    return claim


def test_members_see_their_own_claims_and_those_they_approve(world: World) -> None:
    _rules(world.a)
    mine, managers = _draft(world.a, EMPLOYEE), _draft(world.a, MANAGER)
    _draft(world.b, EMPLOYEE)
    assert _visible(world.a, EMPLOYEE) == {mine.title}
    assert _visible(world.a, MANAGER) == {managers.title}
    actions.submit_claim(actor=world.a.actor(EMPLOYEE), claim=mine)
    assert _visible(world.a, MANAGER) == {managers.title, mine.title}
    assert selectors.claim(world.a.actor(MANAGER), mine.pk) == mine
    assert _visible(world.a, EMPLOYEE) == {mine.title}
    with pytest.raises(NotFound):
        selectors.claim(world.a.actor(EMPLOYEE), managers.pk)
    assert _visible(world.a, ACCOUNTANT) == _visible(world.a, ADMIN) == {
        mine.title, managers.title
    }
    assert selectors.claims(world.a.actor(MANAGER), mine=True).get() == managers


def test_another_company_finds_nothing(world: World) -> None:
    claim = _draft(world.a, EMPLOYEE)
    outsider = world.b.actor(OWNER)
    assert not selectors.claims(outsider).filter(pk=claim.pk).exists()
    for call in (lambda: selectors.claim(outsider, claim.pk), *draft_changes(outsider, claim)):
        with pytest.raises(NotFound):
            call()
    submitted = actions.submit_claim(actor=world.a.actor(EMPLOYEE), claim=claim)
    with pytest.raises(NotFound):
        decide(actor=outsider, step=_step(submitted, 1), approve=True)
    assert Membership.objects.get(pk=claim.claimant_id).company_id == world.a.company.pk
