"""Starting support sessions: only within a live grant and its scope; refusals are recorded;
the member is e-mailed (through a real SMTP server)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import user_actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.support import actions
from strongroom.support.models import GrantScope, SupportSession
from tests.conftest import World
from tests.support.factories import make_grant

pytestmark = pytest.mark.django_db


def _attempt(world: World, email: str, *, grant_id: int | None = None) -> SupportSession:
    return actions.request_support_session(
        actor=user_actor(world.operator), company=world.a.company, member_email=email,
        reason="Ticket 42: totals look wrong", grant_id=grant_id,
    )


def _refusals(world: World) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            company=world.a.company, event_type=AuditEventType.SUPPORT_SESSION_REFUSED
        )
    )


def test_session_starts_within_a_grant_and_mails_the_member(
    world: World, smtp_outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    make_grant(world.a, scope=GrantScope.READ_ONLY)
    member = world.a.user(perms.EMPLOYEE)
    with django_capture_on_commit_callbacks(execute=True):
        session = _attempt(world, member.email.upper())
    assert session.member.user == member
    assert session.operator == world.operator
    started = AuditEvent.objects.get(event_type=AuditEventType.SUPPORT_SESSION_STARTED)
    assert started.company_id == world.a.company.pk
    assert started.actor_email == world.operator.email
    assert len(smtp_outbox) == 1
    mail = smtp_outbox[0]
    assert mail["To"] == member.email
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Olivia Operator" in body
    assert "Ticket 42: totals look wrong" in body
    assert "Acme AS" in mail["Subject"]


@pytest.mark.parametrize("state", ["none", "expired", "revoked", "other company"])
def test_without_a_live_grant_it_is_refused_and_recorded(
    world: World, state: str, smtp_outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    grant = None
    if state == "expired":
        grant = make_grant(world.a)
        grant.expires_at = timezone.now() - timedelta(seconds=1)
        grant.save()
    elif state == "revoked":
        grant = make_grant(world.a)
        grant.revoked_at = timezone.now()
        grant.save()
    elif state == "other company":
        make_grant(world.b)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(actions.SupportRefused):
        _attempt(world, world.a.user(perms.EMPLOYEE).email, grant_id=grant.pk if grant else None)
    assert not SupportSession.objects.exists()
    [refusal] = _refusals(world)
    assert refusal.actor_email == world.operator.email
    assert refusal.extra["member"] == world.a.user(perms.EMPLOYEE).email
    assert refusal.extra["reason"] == "Ticket 42: totals look wrong"
    expected = {"expired": "expired", "revoked": "revoked"}.get(state, "no live support grant")
    assert expected in refusal.extra["why"]
    assert smtp_outbox == []


@pytest.mark.parametrize(
    "target",
    ["not the named member", "owner under an admin's grant", "not a member", "inactive"],
)
def test_outside_the_grants_scope_it_is_refused_and_recorded(world: World, target: str) -> None:
    email = world.a.user(perms.MANAGER).email
    if target == "not the named member":
        make_grant(world.a, member=world.a.members[perms.EMPLOYEE])
    elif target == "owner under an admin's grant":
        make_grant(world.a, by=perms.ADMIN)
        email = world.a.user(perms.OWNER).email
    elif target == "not a member":
        make_grant(world.a)
        email = world.b.user(perms.EMPLOYEE).email
    else:
        make_grant(world.a)
        membership = world.a.members[perms.MANAGER]
        membership.is_active = False
        membership.save()
    with pytest.raises(actions.SupportRefused):
        _attempt(world, email)
    [refusal] = _refusals(world)
    assert "scope" in refusal.extra["why"]


def test_a_grant_lapses_when_its_grantor_no_longer_administers(world: World) -> None:
    make_grant(world.a, by=perms.ADMIN)
    admin = world.a.members[perms.ADMIN]
    admin.role = perms.EMPLOYEE
    admin.save()
    with pytest.raises(actions.SupportRefused):
        _attempt(world, world.a.user(perms.EMPLOYEE).email)


def test_a_reason_is_required_and_bad_input_is_not_an_attempt(world: World) -> None:
    make_grant(world.a)
    with pytest.raises(ValidationError) as caught:
        actions.request_support_session(
            actor=user_actor(world.operator), company=world.a.company,
            member_email=world.a.user(perms.EMPLOYEE).email, reason="  ",
        )
    assert "reason" in caught.value.message_dict
    assert _refusals(world) == []


def test_members_cannot_start_sessions(world: World) -> None:
    make_grant(world.a)
    with pytest.raises((policy.NotFound, policy.Forbidden)):
        actions.start_support_session(
            actor=world.a.actor(perms.OWNER), company=world.a.company,
            member_email=world.a.user(perms.EMPLOYEE).email, reason="Ticket 42",
        )


def test_the_operator_ends_only_their_own_session(world: World) -> None:
    from tests.factories import OperatorFactory

    make_grant(world.a)
    session = _attempt(world, world.a.user(perms.EMPLOYEE).email)
    other = OperatorFactory(email="other@platform.test")
    with pytest.raises(policy.NotFound):
        actions.end_support_session(actor=user_actor(other), session=session)
    actions.end_support_session(actor=user_actor(world.operator), session=session)
    session.refresh_from_db()
    assert session.ended_at is not None
    assert not session.is_live()
