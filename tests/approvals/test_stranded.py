"""Open steps whose approvers have all left (or lost the right to decide) go to the owners."""

from __future__ import annotations

from typing import Any

import pytest

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import system_actor
from strongroom.platform.access.policy import NotFound
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.records.approvals import selectors
from strongroom.records.approvals.actions.engine import decide
from strongroom.records.approvals.actions.stranded import reroute_stranded_steps
from strongroom.records.approvals.models import ApprovalStatus, ApprovalStep
from tests.approvals.conftest import TEST_KIND, Calls
from tests.approvals.helpers import approver_roles, give_tags, rule, submit
from tests.conftest import World

OWNER, MANAGER, EMPLOYEE = perms.OWNER, perms.MANAGER, perms.EMPLOYEE
JOB = system_actor(job="approvals.reroute_stranded")

pytestmark = pytest.mark.django_db


def _lead_approves(world: World) -> Any:
    give_tags(world.a.members[EMPLOYEE], "team:oslo")
    give_tags(world.a.members[MANAGER], "lead:oslo")
    rule(world.a, TEST_KIND, requester_tag="team:oslo", approver_tag="lead:oslo")
    return submit(world.a.members[EMPLOYEE], TEST_KIND)


def test_a_step_whose_only_approver_left_goes_to_the_owners(
    world: World, test_kind: Calls, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    approval = _lead_approves(world)
    assert approver_roles(approval) == [[MANAGER]]
    manager = world.a.members[MANAGER]
    manager.is_active = False
    manager.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True):
        assert reroute_stranded_steps(actor=JOB) == 1
    assert approver_roles(approval) == [[OWNER]]
    step = ApprovalStep.objects.get(request=approval)
    assert step.fallback
    assert "can no longer decide" in step.basis
    event = AuditEvent.objects.get(event_type=T.APPROVAL_STEP_REROUTED)
    assert event.company_id == world.a.company.pk
    assert [m.to for m in mailoutbox] == [[world.a.user(OWNER).email]]
    assert list(selectors.inbox(world.a.actor(OWNER))) == [step]
    decide(actor=world.a.actor(OWNER), step=step, approve=True)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    assert reroute_stranded_steps(actor=JOB) == 0  # nothing open any more


def test_a_step_with_an_approver_who_can_still_decide_stays(world: World, test_kind: Calls) -> None:
    approval = _lead_approves(world)
    give_tags(world.a.members[perms.ADMIN], "lead:oslo")
    step = ApprovalStep.objects.get(request=approval)
    step.approvers.add(world.a.members[perms.ADMIN])
    manager = world.a.members[MANAGER]
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    assert reroute_stranded_steps(actor=JOB) == 0
    assert approver_roles(approval) == [[perms.ADMIN, MANAGER]]
    assert not AuditEvent.objects.filter(event_type=T.APPROVAL_STEP_REROUTED).exists()


def test_an_approver_who_lost_the_right_to_decide_counts_as_gone(
    world: World, test_kind: Calls
) -> None:
    approval = _lead_approves(world)
    manager = world.a.members[MANAGER]
    manager.role = perms.AUDITOR  # auditors never decide approvals
    manager.save(update_fields=["role"])
    assert reroute_stranded_steps(actor=JOB) == 1
    assert approver_roles(approval) == [[OWNER]]


def test_only_the_platform_jobs_reroute(world: World, test_kind: Calls) -> None:
    with pytest.raises(NotFound):
        reroute_stranded_steps(actor=world.a.actor(OWNER))
