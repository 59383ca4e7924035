"""Tenancy reads: which companies a user may enter, as which actor, and what they see there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, Channel, member_actor, user_actor
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.history import selectors as history
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy import actions, selectors
from strongroom.platform.tenancy.models import CompanyGroup, CompanyStatus, CustomRole, Membership
from strongroom.platform.tenancy.permissions import COMPANY_VIEW, MEMBER_VIEW, ROLE_VIEW
from strongroom.platform.tenancy.selectors import operator_companies
from tests.conftest import World
from tests.factories import CompanyFactory, CustomRoleFactory, MembershipFactory, UserFactory

# -- companies_for_user ------------------------------------------------------------------------


def test_companies_for_user_lists_active_memberships_by_name(world: World) -> None:
    user = world.a.user(perms.EMPLOYEE)
    zeta = CompanyFactory(name="Zeta AS")
    alpha = CompanyFactory(name="Alpha AS")
    MembershipFactory(company=zeta, user=user, role=perms.AUDITOR)
    MembershipFactory(company=alpha, user=user, role=perms.CUSTOM,
                      custom_role=CustomRoleFactory(company=alpha, name="Bookkeeper"))
    MembershipFactory(company=CompanyFactory(name="Gone AS"), user=user, is_active=False)
    MembershipFactory(company=CompanyFactory(name="Ended AS", status=CompanyStatus.TERMINATED),
                      user=user)
    choices = selectors.companies_for_user(user)
    assert [(c.company.name, c.role_label, c.via_group) for c in choices] == [
        ("Acme AS", "Employee", ""), ("Alpha AS", "Bookkeeper", ""), ("Zeta AS", "Auditor", ""),
    ]


def test_companies_for_user_is_empty_for_operators_and_inactive_users(world: World) -> None:
    assert selectors.companies_for_user(world.operator) == []
    user = world.a.user(perms.OWNER)
    user.is_active = False
    user.save()
    assert selectors.companies_for_user(user) == []


# -- actor_for ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", perms.BUILTIN_ROLES)
def test_actor_for_member(world: World, role: str) -> None:
    actor = selectors.actor_for(world.a.user(role), "acme", channel=Channel.API)
    assert (actor.company, actor.role, actor.channel) == (world.a.company, role, Channel.API)
    assert actor.membership == world.a.members[role]
    assert actor.permissions == perms.for_builtin_role(role)
    assert actor.via_group is None


@pytest.mark.parametrize("slug", ["globex", "nonexistent", "", "ACME", "acme/../globex"])
def test_actor_for_other_or_unknown_company_is_not_found(world: World, slug: str) -> None:
    with pytest.raises(NotFound):
        selectors.actor_for(world.a.user(perms.OWNER), slug)


def test_actor_for_operator_is_not_found(world: World) -> None:
    # Even a (corrupt) membership row does not let an operator in.
    MembershipFactory(company=world.a.company, user=world.operator, role=perms.OWNER)
    with pytest.raises(NotFound):
        selectors.actor_for(world.operator, "acme")


def test_actor_for_inactive_user_is_not_found(world: World) -> None:
    user = world.a.user(perms.ADMIN)
    user.is_active = False
    user.save()
    with pytest.raises(NotFound):
        selectors.actor_for(user, "acme")


def test_actor_for_terminated_company_is_not_found(world: World) -> None:
    world.a.company.status = CompanyStatus.TERMINATED
    world.a.company.save()
    with pytest.raises(NotFound):
        selectors.actor_for(world.a.user(perms.OWNER), "acme")
    assert selectors.actor_for(world.b.user(perms.OWNER), "globex").company == world.b.company


# -- company groups ----------------------------------------------------------------------------


@pytest.fixture
def group_admin(world: World, platform_actor: Actor):  # type: ignore[no-untyped-def]
    group = actions.create_company_group(actor=platform_actor, slug="holding", name="Holding")
    actions.add_company_to_group(actor=platform_actor, group=group, company=world.a.company)
    user = UserFactory(email="group-admin@holding.test", full_name="Gail Group")
    actions.add_group_admin(actor=platform_actor, group=group, user=user)
    return user


def test_group_admin_is_admin_of_group_companies(world: World, group_admin) -> None:  # type: ignore[no-untyped-def]
    actor = selectors.actor_for(group_admin, "acme")
    assert (actor.company, actor.role, actor.membership) == (world.a.company, perms.ADMIN, None)
    assert actor.via_group == CompanyGroup.objects.get(slug="holding")
    assert actor.permissions == perms.for_builtin_role(perms.ADMIN)
    with pytest.raises(NotFound):
        selectors.actor_for(group_admin, "globex")
    choices = selectors.companies_for_user(group_admin)
    assert [(c.company.slug, c.role_label, c.via_group) for c in choices] == [
        ("acme", "Admin", "Holding")
    ]
    # The group admin can act as an admin, and is audited under their own name.
    membership = actions.add_member(actor=actor, email="hire@acme.test", role=perms.EMPLOYEE)
    assert membership.company == world.a.company
    assert AuditEvent.objects.filter(
        event_type=T.MEMBER_ADDED, actor_name="Gail Group", company=world.a.company
    ).exists()
    with pytest.raises(Forbidden):  # still not an owner
        actions.add_member(actor=actor, email="boss@acme.test", role=perms.OWNER)


def test_direct_membership_wins_over_group(world: World, platform_actor: Actor) -> None:
    group = actions.create_company_group(actor=platform_actor, slug="g", name="G")
    actions.add_company_to_group(actor=platform_actor, group=group, company=world.a.company)
    user = world.a.user(perms.AUDITOR)
    actions.add_group_admin(actor=platform_actor, group=group, user=user)
    assert selectors.actor_for(user, "acme").role == perms.AUDITOR
    assert [c.role_label for c in selectors.companies_for_user(user)] == ["Auditor"]


def test_group_admin_loses_terminated_company(world: World, group_admin) -> None:  # type: ignore[no-untyped-def]
    world.a.company.status = CompanyStatus.TERMINATED
    world.a.company.save()
    with pytest.raises(NotFound):
        selectors.actor_for(group_admin, "acme")
    assert selectors.companies_for_user(group_admin) == []


def test_group_actions_are_for_the_platform(world: World, platform_actor: Actor) -> None:
    admin = world.a.actor(perms.OWNER)
    with pytest.raises(Forbidden):
        actions.create_company_group(actor=admin, slug="mine", name="Mine")
    group = actions.create_company_group(actor=platform_actor, slug="mine", name="Mine")
    with pytest.raises(Forbidden):
        actions.add_company_to_group(actor=admin, group=group, company=world.b.company)
    with pytest.raises(Forbidden):
        actions.add_group_admin(actor=admin, group=group, user=admin.user)
    with pytest.raises(ValidationError):
        actions.add_group_admin(actor=platform_actor, group=group, user=world.operator)
    with pytest.raises(ValidationError):
        actions.create_company_group(actor=platform_actor, slug="mine", name="Again")
    assert list(group.companies.all()) == []
    assert list(group.admins.all()) == []


# -- custom role actions (read back through the selectors) -----------------------------------


def test_custom_role_lifecycle(world: World) -> None:
    admin = world.a.actor(perms.ADMIN)
    role = actions.create_custom_role(actor=admin, name=" Role keeper ",
                                      permissions=[ROLE_VIEW, ROLE_VIEW, COMPANY_VIEW])
    assert (role.name, role.permissions, role.company) == (
        "Role keeper", [COMPANY_VIEW, ROLE_VIEW], world.a.company,
    )
    holder = MembershipFactory(company=world.a.company, role=perms.CUSTOM, custom_role=role)
    actions.update_custom_role(actor=admin, role=role, name="Keeper", permissions=[MEMBER_VIEW])
    assert member_actor(Membership.objects.get(pk=holder.pk)).permissions == {MEMBER_VIEW}
    with pytest.raises(ValidationError):
        actions.delete_custom_role(actor=admin, role=role)
    actions.remove_member(actor=admin, membership=holder)
    actions.delete_custom_role(actor=admin, role=role)
    assert not CustomRole.objects.filter(pk=role.pk).exists()
    assert Membership.objects.get(pk=holder.pk).custom_role is None
    events = AuditEvent.objects.filter(company=world.a.company).order_by("id")
    assert list(events.values_list("event_type", flat=True)) == [
        T.ROLE_CREATED, T.ROLE_UPDATED, T.MEMBER_REMOVED, T.MEMBER_ROLE_CHANGED, T.ROLE_DELETED,
    ]  # the former holder's membership loses the role, with its own history entry


@pytest.mark.parametrize(
    ("name", "permissions", "field"),
    [
        ("reader", [COMPANY_VIEW], "name"),  # clashes with "Reader", case-insensitively
        ("  ", [COMPANY_VIEW], "name"),
        ("r" * 81, [COMPANY_VIEW], "name"),
        ("Ops", ["made.up"], "permissions"),
        ("Ops", ["platform.companies"], "permissions"),
    ],
)
def test_create_custom_role_validates(
    world: World, name: str, permissions: list[str], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.create_custom_role(actor=world.a.actor(perms.ADMIN), name=name,
                                   permissions=permissions)
    assert field in caught.value.message_dict
    assert CustomRole.objects.filter(company=world.a.company).count() == 1


def test_same_role_name_in_another_company_is_fine(world: World) -> None:
    actions.create_custom_role(actor=world.a.actor(perms.ADMIN), name="Globex only", permissions=[])
    actions.create_custom_role(actor=world.b.actor(perms.ADMIN), name="Globex only", permissions=[])


def test_custom_role_policy(world: World) -> None:
    with pytest.raises(Forbidden):
        actions.create_custom_role(actor=world.a.actor(perms.AUDITOR), name="X", permissions=[])
    for call in (actions.update_custom_role, actions.delete_custom_role):
        with pytest.raises(NotFound):
            call(actor=world.a.actor(perms.ADMIN), role=world.b.custom_role)
    assert CustomRole.objects.get(pk=world.b.custom_role.pk).name == "Reader"


# -- set_member_tags (action) ------------------------------------------------------------------


def test_set_member_tags_normalises(world: World) -> None:
    target = world.a.members[perms.EMPLOYEE]
    admin = world.a.actor(perms.ADMIN)
    actions.set_member_tags(actor=admin, membership=target,
                            tags=[" Team:Oslo ", "team:oslo", "LEAD:oslo", ""])
    target.refresh_from_db()
    assert target.tags == ["lead:oslo", "team:oslo"]
    actions.set_member_tags(actor=admin, membership=target, tags=["team:oslo", "lead:oslo"])
    assert list(AuditEvent.objects.values_list("event_type", flat=True)) == [
        T.MEMBER_TAGS_CHANGED
    ]


@pytest.mark.parametrize(
    "tags", [["bad tag"], ["team:"], [":oslo"], ["-team"], ["x" * 41], [f"t{i}" for i in range(31)]]
)
def test_set_member_tags_validates(world: World, tags: list[str]) -> None:
    target = world.a.members[perms.EMPLOYEE]
    with pytest.raises(ValidationError) as caught:
        actions.set_member_tags(actor=world.a.actor(perms.ADMIN), membership=target, tags=tags)
    assert "tags" in caught.value.message_dict
    target.refresh_from_db()
    assert target.tags == []


def test_set_member_tags_policy(world: World) -> None:
    target = world.a.members[perms.EMPLOYEE]
    with pytest.raises(Forbidden):
        actions.set_member_tags(actor=world.a.actor(perms.MANAGER), membership=target, tags=["x"])
    with pytest.raises(NotFound):
        actions.set_member_tags(actor=world.b.actor(perms.ADMIN), membership=target, tags=["x"])


# -- members and roles -------------------------------------------------------------------------


def test_members_are_scoped_to_the_company(world: World) -> None:
    gone = MembershipFactory(company=world.a.company, is_active=False)
    actor = world.a.actor(perms.EMPLOYEE)
    assert set(selectors.members(actor)) == set(world.a.members.values())
    assert set(selectors.members(actor, include_inactive=True)) == {*world.a.members.values(), gone}
    assert selectors.member(actor, gone.pk) == gone
    with pytest.raises(NotFound):
        selectors.member(actor, world.b.members[perms.EMPLOYEE].pk)


@pytest.mark.parametrize("actor_kind", ["operator", "no-company", "custom-without-view"])
def test_members_empty_without_member_view(world: World, actor_kind: str) -> None:
    if actor_kind == "operator":
        actor = user_actor(world.operator)
    elif actor_kind == "no-company":
        actor = user_actor(world.a.user(perms.OWNER))
    else:
        role = CustomRoleFactory(
            company=world.a.company, name="Blind", permissions=["company.view"]
        )
        actor = member_actor(MembershipFactory(company=world.a.company, role=perms.CUSTOM,
                                               custom_role=role))
    assert list(selectors.members(actor)) == []
    with pytest.raises(NotFound):
        selectors.member(actor, world.a.members[perms.OWNER].pk)


def test_custom_roles_are_scoped_to_the_company(world: World) -> None:
    admin = world.a.actor(perms.ADMIN)
    assert list(selectors.custom_roles(admin)) == [world.a.custom_role]
    assert selectors.custom_role(admin, world.a.custom_role.pk) == world.a.custom_role
    with pytest.raises(NotFound):
        selectors.custom_role(admin, world.b.custom_role.pk)
    assert list(selectors.custom_roles(world.a.actor(perms.EMPLOYEE))) == []
    with pytest.raises(NotFound):
        selectors.custom_role(world.a.actor(perms.EMPLOYEE), world.a.custom_role.pk)


def test_operator_companies(world: World, platform_actor: Actor) -> None:
    assert [c.slug for c in operator_companies(platform_actor)] == ["acme", "globex"]
    assert not operator_companies(world.a.actor(perms.OWNER)).exists()


# -- audit_events ------------------------------------------------------------------------------


@pytest.fixture
def audited(world: World) -> World:
    admin, owner = world.a.actor(perms.ADMIN), world.a.actor(perms.OWNER)
    actions.update_company(actor=admin, company=world.a.company, name="Acme ASA")
    actions.set_member_tags(
        actor=owner, membership=world.a.members[perms.EMPLOYEE], tags=["team:oslo"]
    )
    actions.add_member(actor=admin, email="new@acme.test", role=perms.EMPLOYEE)
    actions.update_company(actor=world.b.actor(perms.ADMIN), company=world.b.company, name="G")
    old = AuditEvent.objects.get(event_type=T.COMPANY_UPDATED, company=world.a.company)
    old.occurred_at = timezone.now() - timedelta(days=10)
    old.save()
    return world


def test_audit_events_are_scoped_and_newest_first(audited: World) -> None:
    rows = list(history.audit_events(audited.a.actor(perms.AUDITOR)))
    assert [r.event_type for r in rows] == [
        T.MEMBER_ADDED, T.USER_CREATED, T.MEMBER_TAGS_CHANGED, T.COMPANY_UPDATED,
    ]
    assert {r.company_id for r in rows} == {audited.a.company.pk}
    for role in (perms.MANAGER, perms.ACCOUNTANT, perms.EMPLOYEE):
        assert not history.audit_events(audited.a.actor(role)).exists()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"event_type": T.MEMBER_TAGS_CHANGED}, [T.MEMBER_TAGS_CHANGED]),
        ({"actor_email": " OWNER@acme.test "}, [T.MEMBER_TAGS_CHANGED]),
        ({"actor_email": "admin@globex.test"}, []),
        ({"object_type": "accounts.user"}, [T.USER_CREATED]),
        ({"object_type": "tenancy.company"}, [T.COMPANY_UPDATED]),
        ({"since": "today"}, [T.MEMBER_ADDED, T.USER_CREATED, T.MEMBER_TAGS_CHANGED]),
        ({"until": "yesterday"}, [T.COMPANY_UPDATED]),
        ({"since": "yesterday", "until": "yesterday"}, []),
    ],
)
def test_audit_event_filters(
    audited: World, filters: dict[str, object], expected: list[T]
) -> None:
    today = timezone.now().date()
    days = {"today": today, "yesterday": today - timedelta(days=1)}
    resolved = {k: days.get(v, v) if isinstance(v, str) else v for k, v in filters.items()}
    rows = history.audit_events(audited.a.actor(perms.ADMIN), **resolved)  # type: ignore[arg-type]
    assert [r.event_type for r in rows] == expected
