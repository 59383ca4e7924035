"""Support grants: a company admin's consent, limited in time and scope, revocable (P-B5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.support import actions
from strongroom.support.models import EndReason, GrantScope
from tests.conftest import World
from tests.support.factories import make_grant, make_session

pytestmark = pytest.mark.django_db


def test_admin_grants_read_only_access_for_one_member(world: World) -> None:
    admin = world.a.actor(perms.ADMIN)
    grant = actions.grant_support_access(
        actor=admin, hours=48, scope=GrantScope.READ_ONLY,
        member=world.a.members[perms.EMPLOYEE], note="  Ticket 42 ",
    )
    assert grant.read_only
    assert grant.is_live()
    assert grant.note == "Ticket 42"
    assert (grant.expires_at - grant.created_at).total_seconds() == 48 * 3600
    event = AuditEvent.objects.get(event_type=AuditEventType.SUPPORT_GRANT_CREATED)
    assert event.company_id == world.a.company.pk
    assert event.actor_email == world.a.user(perms.ADMIN).email
    assert event.changes["scope"] == [None, "read_only"]


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("hours", {"hours": 7 * 24 + 1}),
        ("hours", {"hours": 0}),
        ("scope", {"scope": "everything"}),
        ("note", {"note": "x" * 501}),
    ],
)
def test_bad_grants_are_refused_with_field_errors(
    world: World, field: str, kwargs: dict[str, object]
) -> None:
    arguments: dict[str, object] = {"hours": 24, "scope": GrantScope.FULL, **kwargs}
    with pytest.raises(ValidationError) as caught:
        actions.grant_support_access(actor=world.a.actor(perms.ADMIN), **arguments)  # type: ignore[arg-type]
    assert field in caught.value.message_dict
    assert not AuditEvent.objects.filter(event_type=AuditEventType.SUPPORT_GRANT_CREATED).exists()


def test_an_admin_cannot_grant_an_owners_view(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.grant_support_access(
            actor=world.a.actor(perms.ADMIN), hours=1, scope=GrantScope.FULL,
            member=world.a.members[perms.OWNER],
        )
    assert "member" in caught.value.message_dict


def test_another_companys_member_cannot_be_named(world: World) -> None:
    with pytest.raises(ValidationError):
        actions.grant_support_access(
            actor=world.a.actor(perms.OWNER), hours=1, scope=GrantScope.FULL,
            member=world.b.members[perms.EMPLOYEE],
        )


@pytest.mark.parametrize("role", [perms.EMPLOYEE, perms.MANAGER, perms.AUDITOR])
def test_only_admins_grant(world: World, role: str) -> None:
    with pytest.raises((policy.Forbidden, policy.NotFound)):
        actions.grant_support_access(actor=world.a.actor(role), hours=1, scope=GrantScope.FULL)


def test_revoking_ends_running_sessions_and_is_recorded(world: World) -> None:
    grant = make_grant(world.a)
    session = make_session(grant, world.operator, world.a.members[perms.EMPLOYEE])
    actions.revoke_support_grant(actor=world.a.actor(perms.ADMIN), grant=grant)
    grant.refresh_from_db()
    session.refresh_from_db()
    assert grant.revoked_at is not None
    assert not grant.is_live()
    assert grant.revoked_by == world.a.user(perms.ADMIN)
    assert session.ended_at is not None
    assert session.end_reason == EndReason.REVOKED
    events = AuditEvent.objects.filter(company=world.a.company)
    types = set(events.values_list("event_type", flat=True))
    assert {AuditEventType.SUPPORT_GRANT_REVOKED, AuditEventType.SUPPORT_SESSION_ENDED} <= types
    with pytest.raises(ValidationError):
        actions.revoke_support_grant(actor=world.a.actor(perms.ADMIN), grant=grant)


def test_another_company_cannot_revoke(world: World) -> None:
    grant = make_grant(world.a)
    with pytest.raises(policy.NotFound):
        actions.revoke_support_grant(actor=world.b.actor(perms.ADMIN), grant=grant)
