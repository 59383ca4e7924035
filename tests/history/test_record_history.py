"""A record's history (P-D1): the selector, the History tab and the API helper."""

from __future__ import annotations

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Channel
from strongroom.platform.access.policy import NotFound
from strongroom.platform.history import selectors
from strongroom.platform.history.display import EMPTY, field_changes
from strongroom.platform.tenancy import actions
from tests.auth import sign_in
from tests.conftest import World


def _promote(world: World) -> None:
    admin = world.a.actor(perms.ADMIN).with_request(
        channel=Channel.API, ip="198.51.100.4", user_agent="pytest", request_id="req-7"
    )
    member = world.a.members[perms.EMPLOYEE]
    actions.change_member_role(actor=admin, membership=member, role=perms.MANAGER)
    actions.set_member_tags(actor=admin, membership=member, tags=["team:oslo", "lead:oslo"])


def test_selector_gives_one_records_history_newest_first(world: World) -> None:
    _promote(world)
    history = list(selectors.record_history(
        world.a.actor(perms.EMPLOYEE), world.a.members[perms.EMPLOYEE], permission="member.view"
    ))
    assert [e.type.name for e in history] == ["MEMBER_TAGS_CHANGED", "MEMBER_ROLE_CHANGED"]
    assert {e.object_id for e in history} == {str(world.a.members[perms.EMPLOYEE].pk)}


def test_selector_refuses_records_the_actor_cannot_see(world: World) -> None:
    with pytest.raises(NotFound):  # another company's record
        selectors.record_history(
            world.a.actor(perms.OWNER), world.b.members[perms.EMPLOYEE], permission="member.view"
        )
    with pytest.raises(NotFound):  # an employee does not see roles
        selectors.record_history(
            world.a.actor(perms.EMPLOYEE), world.a.custom_role, permission="role.view"
        )


def test_field_changes_read_as_old_and_new_text(world: World) -> None:
    _promote(world)
    tags, role = selectors.record_history(
        world.a.actor(perms.ADMIN), world.a.members[perms.EMPLOYEE], permission="member.view"
    )
    assert [(c.field, c.label, c.old, c.new) for c in field_changes(role)] == [
        ("role", "Role", "Employee", "Manager")
    ]
    assert [(c.label, c.old, c.new) for c in field_changes(tags)] == [
        ("Tags", EMPTY, "lead:oslo, team:oslo")
    ]


def test_history_tab_shows_the_diff_and_who(world: World) -> None:
    _promote(world)
    client = sign_in(Client(), world.a.user(perms.EMPLOYEE))  # members may see members
    member = world.a.members[perms.EMPLOYEE]
    html = client.get(f"/c/acme/members/{member.pk}/history/").content.decode()
    assert "Member role changed" in html
    assert "Admin of Acme AS" in html
    assert '<td class="old">Employee</td><td class="new">Manager</td>' in html
    assert "API" in html


def test_role_history_tab_lists_permission_changes(world: World) -> None:
    role = world.a.custom_role
    assert role is not None
    actions.update_custom_role(
        actor=world.a.actor(perms.ADMIN), role=role, permissions=["role.view", "member.view"]
    )
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    html = client.get(f"/c/acme/roles/{role.pk}/history/").content.decode()
    assert "Role updated" in html
    assert "member.view, role.view" in html


def test_history_api_gives_entries_with_changes(world: World) -> None:
    _promote(world)
    client = sign_in(Client(), world.a.user(perms.AUDITOR))
    member = world.a.members[perms.EMPLOYEE]
    body = client.get(f"/api/v1/companies/acme/members/{member.pk}/history").json()
    assert body["count"] == 2
    newest, oldest = body["items"]
    assert newest["event"] == "member:tags_changed"
    assert oldest["changes"] == [
        {"field": "role", "label": "Role", "old": "Employee", "new": "Manager"}
    ]
    assert (oldest["channel"], oldest["request_id"], oldest["actor_email"]) == (
        "api", "req-7", "admin@acme.test",
    )


def test_history_api_has_a_fixed_query_budget(
    world: World, django_assert_max_num_queries: object
) -> None:
    member = world.a.members[perms.EMPLOYEE]
    admin = world.a.actor(perms.ADMIN)
    for tags in (["team:oslo"], ["team:bergen"], ["lead:oslo"], ["team:oslo", "lead:oslo"],
                 ["team:bergen", "lead:oslo"]):
        actions.set_member_tags(actor=admin, membership=member, tags=tags)
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        response = client.get(f"/api/v1/companies/acme/members/{member.pk}/history")
    assert response.json()["count"] == 5
