"""The approval engine: deciding steps, callbacks, withdrawal, e-mails on commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import member_actor
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy.models import Tag
from strongroom.records.approvals import selectors
from strongroom.records.approvals.actions.engine import decide
from strongroom.records.approvals.models import ApprovalStatus, ApprovalStep, StepStatus
from strongroom.records.approvals.steps import withdraw_approval
from tests.approvals.conftest import TEST_KIND, Calls
from tests.approvals.helpers import approver_roles, give_tags, rule, submit
from tests.conftest import World

OWNER, ADMIN, MANAGER = perms.OWNER, perms.ADMIN, perms.MANAGER
ACCOUNTANT, EMPLOYEE = perms.ACCOUNTANT, perms.EMPLOYEE


def _two_steps(world: World) -> None:
    give_tags(world.a.members[EMPLOYEE], "team:oslo")
    give_tags(world.a.members[MANAGER], "lead:oslo")
    rule(world.a, TEST_KIND, requester_tag="team:oslo", approver_tag="lead:oslo")
    rule(world.a, TEST_KIND, step=2, amount_above="10000", approver_role=ACCOUNTANT)


def _record(approval: Any) -> Tag:
    return Tag.objects.get(pk=approval.record_id)


def _step(approval: Any, position: int) -> ApprovalStep:
    return ApprovalStep.objects.get(request=approval, position=position)


def test_two_step_approval_calls_back_once(world: World, test_kind: Calls) -> None:
    _two_steps(world)
    approval = submit(world.a.members[EMPLOYEE], TEST_KIND, amount="12000")
    decide(actor=world.a.actor(MANAGER), step=_step(approval, 1), approve=True)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert approval.current_step == 2
    assert _step(approval, 2).status == StepStatus.PENDING
    assert test_kind.approved == []
    decide(actor=world.a.actor(ACCOUNTANT), step=_step(approval, 2), approve=True, comment="ok")
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    assert approval.decided_at is not None
    assert [tag.pk for tag in test_kind.approved] == [int(approval.record_id)]
    events = list(AuditEvent.objects.filter(object_id=str(approval.pk))
                  .order_by("sequence").values_list("event_type", flat=True))
    assert events == [T.APPROVAL_REQUESTED, T.APPROVAL_STEP_OPENED, T.APPROVAL_GRANTED]


def test_rejection_needs_a_comment_and_ends_the_request(world: World, test_kind: Calls) -> None:
    _two_steps(world)
    approval = submit(world.a.members[EMPLOYEE], TEST_KIND, amount="12000")
    with pytest.raises(ValidationError) as caught:
        decide(actor=world.a.actor(MANAGER), step=_step(approval, 1), approve=False)
    assert "comment" in caught.value.message_dict
    decide(actor=world.a.actor(MANAGER), step=_step(approval, 1), approve=False,
           comment="Too expensive")
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.REJECTED
    assert _step(approval, 2).status == StepStatus.CANCELLED
    assert len(test_kind.rejected) == 1
    assert test_kind.approved == []
    with pytest.raises(ValidationError):
        decide(actor=world.a.actor(ACCOUNTANT), step=_step(approval, 2), approve=True)


def test_nobody_approves_their_own_request(world: World, test_kind: Calls) -> None:
    approval = submit(world.a.members[EMPLOYEE], TEST_KIND)
    with pytest.raises(Forbidden, match="Nobody approves their own request"):
        decide(actor=world.a.actor(EMPLOYEE), step=_step(approval, 1), approve=True)


def test_only_the_steps_approvers_decide(world: World, test_kind: Calls) -> None:
    approval = submit(world.a.members[EMPLOYEE], TEST_KIND)  # the owner approves
    with pytest.raises(Forbidden, match="not an approver"):
        decide(actor=world.a.actor(ADMIN), step=_step(approval, 1), approve=True)
    with pytest.raises(Forbidden):
        decide(actor=world.a.actor(perms.AUDITOR), step=_step(approval, 1), approve=True)
    with pytest.raises(NotFound):
        decide(actor=world.b.actor(OWNER), step=_step(approval, 1), approve=True)
    assert _step(approval, 1).status == StepStatus.PENDING


def test_one_person_approves_one_step(world: World, test_kind: Calls) -> None:
    give_tags(world.a.members[MANAGER], "lead:oslo")
    rule(world.a, TEST_KIND, approver_tag="lead:oslo")
    rule(world.a, TEST_KIND, step=2, approver_tag="lead:oslo")
    rule(world.a, TEST_KIND, step=2, approver_role=ACCOUNTANT)
    approval = submit(world.a.members[EMPLOYEE], TEST_KIND)
    assert approver_roles(approval) == [[MANAGER], [ACCOUNTANT, MANAGER]]
    decide(actor=world.a.actor(MANAGER), step=_step(approval, 1), approve=True)
    assert not selectors.inbox(world.a.actor(MANAGER)).exists()
    assert selectors.inbox(world.a.actor(ACCOUNTANT)).get().position == 2
    with pytest.raises(Forbidden, match="earlier step"):
        decide(actor=world.a.actor(MANAGER), step=_step(approval, 2), approve=True)
    decide(actor=world.a.actor(ACCOUNTANT), step=_step(approval, 2), approve=True)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED


def test_a_step_whose_only_approver_decided_before_goes_to_the_owners(
    world: World, test_kind: Calls
) -> None:
    give_tags(world.a.members[MANAGER], "lead:oslo")
    rule(world.a, TEST_KIND, approver_tag="lead:oslo")
    rule(world.a, TEST_KIND, step=2, approver_tag="lead:oslo")
    approval = submit(world.a.members[EMPLOYEE], TEST_KIND)
    decide(actor=world.a.actor(MANAGER), step=_step(approval, 1), approve=True)
    second = _step(approval, 2)
    assert second.fallback
    assert [m.role for m in second.approvers.all()] == [OWNER]
    decide(actor=world.a.actor(OWNER), step=second, approve=True)


def test_rule_changes_affect_only_new_requests(world: World, test_kind: Calls) -> None:
    give_tags(world.a.members[MANAGER], "lead:oslo")
    lead_rule = rule(world.a, TEST_KIND, approver_tag="lead:oslo")
    before = submit(world.a.members[EMPLOYEE], TEST_KIND)
    lead_rule.approver_tag, lead_rule.approver_role = None, ACCOUNTANT
    lead_rule.save()
    after = submit(world.a.members[EMPLOYEE], TEST_KIND)
    assert approver_roles(before) == [[MANAGER]]
    assert approver_roles(after) == [[ACCOUNTANT]]
    lead_rule.delete()
    decide(actor=world.a.actor(MANAGER), step=_step(before, 1), approve=True)
    before.refresh_from_db()
    assert before.status == ApprovalStatus.APPROVED


def test_withdrawal_cancels_open_steps(world: World, test_kind: Calls) -> None:
    approval = submit(world.a.members[EMPLOYEE], TEST_KIND)
    record_obj = _record(approval)
    with transaction.atomic():
        withdraw_approval(actor=world.a.actor(EMPLOYEE), kind=TEST_KIND, record_obj=record_obj)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.WITHDRAWN
    assert _step(approval, 1).status == StepStatus.CANCELLED
    with pytest.raises(ValidationError):
        decide(actor=world.a.actor(OWNER), step=_step(approval, 1), approve=True)
    again = submit(world.a.members[EMPLOYEE], TEST_KIND, subject=record_obj)
    assert again.status == ApprovalStatus.PENDING


def test_one_open_approval_per_record(world: World, test_kind: Calls) -> None:
    approval = submit(world.a.members[EMPLOYEE], TEST_KIND)
    with pytest.raises(ValidationError, match="already waiting"):
        submit(world.a.members[EMPLOYEE], TEST_KIND, subject=_record(approval))


@pytest.mark.django_db(transaction=True)
def test_engine_refuses_to_run_outside_a_transaction(world: World, test_kind: Calls) -> None:
    from strongroom.records.approvals.steps import start_approval

    subject = Tag.objects.create(company=world.a.company, name="x")
    member = world.a.members[EMPLOYEE]
    with pytest.raises(RuntimeError):
        start_approval(actor=member_actor(member), record_obj=subject, kind=TEST_KIND,
                       requester=member)


def test_mails_go_out_on_commit_through_smtp(
    world: World, test_kind: Calls, smtp_outbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    _two_steps(world)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        approval = submit(world.a.members[EMPLOYEE], TEST_KIND, amount="20000")
    assert smtp_outbox == []  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):  # the outbox queues on commit too
        for callback in pending:
            callback()
    assert [m["To"] for m in smtp_outbox] == [world.a.user(MANAGER).email]
    assert "Approval needed: Test claim" in smtp_outbox[0]["Subject"]
    assert f"/c/acme/approvals/{approval.pk}/" in smtp_outbox[0].get_content()
    with django_capture_on_commit_callbacks(execute=True):
        decide(actor=world.a.actor(MANAGER), step=_step(approval, 1), approve=True)
    assert smtp_outbox[-1]["To"] == world.a.user(ACCOUNTANT).email
    with django_capture_on_commit_callbacks(execute=True):
        decide(actor=world.a.actor(ACCOUNTANT), step=_step(approval, 2), approve=False,
               comment="Over budget")
    last = smtp_outbox[-1]
    assert last["To"] == world.a.user(EMPLOYEE).email
    assert "rejected" in last["Subject"].lower()
    assert "Over budget" in last.get_content()
    assert len(smtp_outbox) == 3

