"""The policy module: deny by default, the role matrix, read-only actors, object rules."""

from __future__ import annotations

from dataclasses import replace

import pytest

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import member_actor, user_actor
from strongroom.platform.access.operators import PLATFORM_COMPANIES, PLATFORM_VIEW
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.tenancy.models import CustomRole, Membership
from strongroom.platform.tenancy.permissions import (
    AUDIT_VIEW,
    COMPANY_MANAGE,
    COMPANY_VIEW,
    MEMBER_MANAGE,
    MEMBER_VIEW,
    ROLE_MANAGE,
    ROLE_VIEW,
)
from tests.conftest import World
from tests.factories import CustomRoleFactory, MembershipFactory

COMPANY_PERMISSIONS = perms.all_permissions(perms.Scope.COMPANY)
PLATFORM_PERMISSIONS = perms.all_permissions(perms.Scope.PLATFORM)



def _expected(role: str, permission: perms.Permission) -> bool:
    """The catalogue's rule, restated: owner all, auditor reads, others as listed."""
    if role == perms.OWNER:
        return True
    if role == perms.AUDITOR:
        return permission.kind is perms.Kind.READ
    return role in permission.roles


def test_catalogue_is_what_the_matrix_expects() -> None:
    names = {p.name for p in COMPANY_PERMISSIONS}
    assert {COMPANY_VIEW, COMPANY_MANAGE, MEMBER_VIEW, MEMBER_MANAGE} <= names
    assert {ROLE_VIEW, ROLE_MANAGE, AUDIT_VIEW} <= names
    assert {p.name for p in PLATFORM_PERMISSIONS} >= {PLATFORM_COMPANIES, PLATFORM_VIEW}
    assert all(not p.roles for p in PLATFORM_PERMISSIONS)


# -- deny by default ---------------------------------------------------------------------------


def test_unknown_permission_is_denied_even_if_held(world: World) -> None:
    owner = world.a.actor(perms.OWNER)
    tampered = replace(owner, permissions=owner.permissions | {"nonsense.do"})
    assert not policy.allows(tampered, "nonsense.do")
    assert not policy.allows(tampered, "nonsense.do", world.a.company)
    with pytest.raises(NotFound):
        policy.require(tampered, "nonsense.do")


def test_actor_without_company_holds_no_company_permission(world: World) -> None:
    actor = user_actor(world.a.user(perms.OWNER))
    assert actor.company is None
    for permission in COMPANY_PERMISSIONS:
        assert not policy.allows(actor, permission.name)
    # Even a forged permission set does not help without a company.
    forged = replace(actor, permissions=frozenset(p.name for p in COMPANY_PERMISSIONS))
    assert not any(policy.allows(forged, p.name) for p in COMPANY_PERMISSIONS)


def test_operator_holds_platform_but_never_company_permissions(world: World) -> None:
    operator = user_actor(world.operator)
    assert policy.allows(operator, PLATFORM_COMPANIES)
    assert policy.allows(operator, PLATFORM_VIEW)
    assert not policy.allows(operator, PLATFORM_VIEW, world.a.company)
    forged = replace(
        operator,
        company=world.a.company,
        permissions=operator.permissions | {p.name for p in COMPANY_PERMISSIONS},
    )
    for permission in COMPANY_PERMISSIONS:
        assert not policy.allows(forged, permission.name)
        assert not policy.allows(forged, permission.name, world.a.company)


@pytest.mark.parametrize("role", perms.BUILTIN_ROLES)
def test_members_never_hold_platform_permissions(world: World, role: str) -> None:
    actor = world.a.actor(role)
    for permission in PLATFORM_PERMISSIONS:
        assert not policy.allows(actor, permission.name)


def test_platform_actor_fixture(platform_actor) -> None:  # type: ignore[no-untyped-def]
    assert policy.allows(platform_actor, PLATFORM_COMPANIES)
    assert not policy.allows(platform_actor, COMPANY_VIEW)


@pytest.mark.parametrize("role", perms.BUILTIN_ROLES)
def test_inactive_membership_holds_nothing(world: World, role: str) -> None:
    membership = world.a.members[role]
    membership.is_active = False
    actor = member_actor(membership)
    assert actor.permissions == frozenset()
    for permission in COMPANY_PERMISSIONS:
        assert not policy.allows(actor, permission.name, world.a.company)


# -- the role matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("permission", COMPANY_PERMISSIONS, ids=lambda p: p.name)
@pytest.mark.parametrize("role", perms.BUILTIN_ROLES)
def test_role_matrix(world: World, role: str, permission: perms.Permission) -> None:
    expected = _expected(role, permission)
    actor = world.a.actor(role)
    assert policy.allows(actor, permission.name) is expected
    assert policy.allows(actor, permission.name, world.a.company) is expected
    # The same role never reaches into the other company.
    assert policy.allows(actor, permission.name, world.b.company) is False


def test_matrix_spot_checks(world: World) -> None:
    """A few hand-written rows, so the matrix cannot drift with its own derivation."""
    table = [
        (perms.OWNER, MEMBER_MANAGE, True),
        (perms.ADMIN, MEMBER_MANAGE, True),
        (perms.ADMIN, AUDIT_VIEW, True),
        (perms.MANAGER, MEMBER_MANAGE, False),
        (perms.MANAGER, MEMBER_VIEW, True),
        (perms.ACCOUNTANT, ROLE_VIEW, False),
        (perms.EMPLOYEE, COMPANY_VIEW, True),
        (perms.EMPLOYEE, AUDIT_VIEW, False),
        (perms.AUDITOR, AUDIT_VIEW, True),
        (perms.AUDITOR, COMPANY_MANAGE, False),
        (perms.AUDITOR, ROLE_MANAGE, False),
    ]
    for role, permission, expected in table:
        assert policy.allows(world.a.actor(role), permission) is expected, (role, permission)


@pytest.mark.parametrize("role", perms.BUILTIN_ROLES)
def test_read_only_actor_cannot_write(world: World, role: str) -> None:
    actor = world.a.actor(role).narrowed_to_reads()
    assert actor.read_only
    for permission in COMPANY_PERMISSIONS:
        allowed = policy.allows(actor, permission.name, world.a.company)
        if permission.kind is perms.Kind.WRITE:
            assert not allowed, permission.name
        else:
            assert allowed is _expected(role, permission), permission.name
    # Even with write permissions put back, the read_only flag still denies writes.
    forged = replace(actor, permissions=world.a.actor(role).permissions)
    assert not policy.allows(forged, MEMBER_MANAGE, world.a.company)


# -- custom roles ------------------------------------------------------------------------------


def test_custom_role_permissions_are_honoured(world: World) -> None:
    role = CustomRoleFactory(
        company=world.a.company, name="Role keeper", permissions=[ROLE_VIEW, ROLE_MANAGE]
    )
    membership = MembershipFactory(company=world.a.company, role=perms.CUSTOM, custom_role=role)
    actor = member_actor(membership)
    assert actor.permissions == {ROLE_VIEW, ROLE_MANAGE}
    assert policy.allows(actor, ROLE_MANAGE, role)
    assert not policy.allows(actor, MEMBER_VIEW)
    assert not policy.allows(actor, COMPANY_VIEW)


def test_custom_role_ignores_unknown_and_platform_permissions(world: World) -> None:
    role = CustomRoleFactory(
        company=world.a.company,
        name="Sneaky",
        permissions=[COMPANY_VIEW, "made.up", PLATFORM_COMPANIES, PLATFORM_VIEW],
    )
    membership = MembershipFactory(company=world.a.company, role=perms.CUSTOM, custom_role=role)
    actor = member_actor(membership)
    assert actor.permissions == {COMPANY_VIEW}
    assert not policy.allows(actor, PLATFORM_COMPANIES)
    assert not policy.allows(actor, "made.up")


def test_custom_membership_without_role_holds_nothing(world: World) -> None:
    membership = MembershipFactory(company=world.a.company, role=perms.CUSTOM, custom_role=None)
    assert member_actor(membership).permissions == frozenset()


def test_unknown_role_name_holds_nothing(world: World) -> None:
    membership = MembershipFactory(company=world.a.company, role="superuser")
    assert member_actor(membership).permissions == frozenset()


# -- require -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "permission", "target", "error"),
    [
        # Foreign objects are never "forbidden", only "not found", whatever the permission.
        (perms.OWNER, COMPANY_VIEW, "b", NotFound),
        (perms.OWNER, MEMBER_MANAGE, "b", NotFound),
        (perms.ADMIN, COMPANY_MANAGE, "b", NotFound),
        (perms.AUDITOR, AUDIT_VIEW, "b", NotFound),
        # Own objects: a missing read is "not found", a missing write "forbidden".
        (perms.EMPLOYEE, AUDIT_VIEW, "a", NotFound),
        (perms.ACCOUNTANT, ROLE_VIEW, "a", NotFound),
        (perms.EMPLOYEE, MEMBER_MANAGE, "a", Forbidden),
        (perms.MANAGER, COMPANY_MANAGE, "a", Forbidden),
        (perms.AUDITOR, MEMBER_MANAGE, "a", Forbidden),
        (perms.AUDITOR, ROLE_MANAGE, "a", Forbidden),
        # A write whose read the actor lacks: the object stays invisible (role.view is admin's).
        (perms.EMPLOYEE, ROLE_MANAGE, "a", NotFound),
        (perms.MANAGER, ROLE_MANAGE, "a", NotFound),
    ],
)
def test_require_errors(
    world: World, role: str, permission: str, target: str, error: type[Exception]
) -> None:
    company = world.a.company if target == "a" else world.b.company
    with pytest.raises(error):
        policy.require(world.a.actor(role), permission, company)


def test_custom_role_without_the_read_gets_not_found_for_the_write(world: World) -> None:
    """A custom role holding company.view only cannot learn about members by trying to edit."""
    role = CustomRoleFactory(company=world.a.company, name="Viewer", permissions=[COMPANY_VIEW])
    member = MembershipFactory(company=world.a.company, role=perms.CUSTOM, custom_role=role)
    actor = member_actor(member)
    with pytest.raises(NotFound):
        policy.require(actor, MEMBER_MANAGE, world.a.members[perms.EMPLOYEE])
    with pytest.raises(Forbidden):
        policy.require(actor, COMPANY_MANAGE, world.a.company)


def test_seen_with_must_name_a_registered_read() -> None:
    with pytest.raises(ValueError, match="seen_with"):
        perms.register("thing.manage", "Manage", kind=perms.WRITE, seen_with="thing.view")
    with pytest.raises(ValueError, match="seen_with"):
        perms.register("thing.manage", "Manage", kind=perms.WRITE, seen_with=MEMBER_MANAGE)
    assert not perms.is_known("thing.manage")


def test_require_passes_silently(world: World) -> None:
    policy.require(world.a.actor(perms.ADMIN), MEMBER_MANAGE, world.a.members[perms.EMPLOYEE])
    policy.require(world.a.actor(perms.EMPLOYEE), COMPANY_VIEW, world.a.company)


def test_require_foreign_object_is_not_found_not_forbidden(world: World) -> None:
    foreign = world.b.members[perms.EMPLOYEE]
    with pytest.raises(NotFound) as caught:
        policy.require(world.a.actor(perms.EMPLOYEE), MEMBER_MANAGE, foreign)
    assert not isinstance(caught.value, Forbidden)


def test_require_for_operator_on_company_object_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        policy.require(user_actor(world.operator), MEMBER_MANAGE, world.a.company)


# -- restrict and get_for_actor ----------------------------------------------------------------


def test_restrict_returns_own_company_rows_only(world: World) -> None:
    rows = policy.restrict(world.a.actor(perms.ADMIN), Membership.objects.all(), MEMBER_VIEW)
    assert {m.company_id for m in rows} == {world.a.company.pk}
    assert set(rows) == set(world.a.members.values())


@pytest.mark.parametrize(
    ("who", "permission"),
    [("employee", ROLE_VIEW), ("operator", MEMBER_VIEW), ("inactive", MEMBER_VIEW)],
)
def test_restrict_returns_none_without_permission(world: World, who: str, permission: str) -> None:
    if who == "operator":
        actor = user_actor(world.operator)
    elif who == "inactive":
        membership = world.a.members[perms.ADMIN]
        membership.is_active = False
        actor = member_actor(membership)
    else:
        actor = world.a.actor(who)
    queryset = Membership.objects.all() if permission == MEMBER_VIEW else CustomRole.objects.all()
    assert queryset.exists()
    assert not policy.restrict(actor, queryset, permission).exists()


@pytest.mark.parametrize(
    "lookup",
    [
        lambda w: {"pk": w.b.custom_role.pk},  # foreign
        lambda w: {"pk": 10**6},  # missing
        lambda w: {"pk": "abc"},  # garbage
        lambda w: {"pk": "1 OR 1=1"},
        lambda w: {"pk": None},
        lambda w: {"pk": 2**70},  # out of range for a bigint
    ],
    ids=["foreign", "missing", "garbage", "injection", "none", "overflow"],
)
def test_get_for_actor_not_found(world: World, lookup) -> None:  # type: ignore[no-untyped-def]
    actor = world.a.actor(perms.ADMIN)
    with pytest.raises(NotFound):
        policy.get_for_actor(actor, CustomRole.objects.all(), ROLE_VIEW, **lookup(world))


def test_get_for_actor_returns_own_object(world: World) -> None:
    actor = world.a.actor(perms.ADMIN)
    role = policy.get_for_actor(
        actor, CustomRole.objects.all(), ROLE_VIEW, pk=world.a.custom_role.pk
    )
    assert role == world.a.custom_role


def test_get_for_actor_without_read_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        policy.get_for_actor(
            world.a.actor(perms.EMPLOYEE), CustomRole.objects.all(), ROLE_VIEW,
            pk=world.a.custom_role.pk,
        )


# -- object rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_role", "target_role", "allowed"),
    [
        (perms.OWNER, perms.OWNER, True),
        (perms.OWNER, perms.ADMIN, True),
        (perms.ADMIN, perms.OWNER, False),
        (perms.ADMIN, perms.ADMIN, True),
        (perms.ADMIN, perms.EMPLOYEE, True),
    ],
)
def test_owner_memberships_are_managed_by_owners(
    world: World, actor_role: str, target_role: str, allowed: bool
) -> None:
    actor = world.a.actor(actor_role)
    target = world.a.members[target_role]
    assert policy.allows(actor, MEMBER_MANAGE, target) is allowed
    if not allowed:
        with pytest.raises(Forbidden):
            policy.require(actor, MEMBER_MANAGE, target)


def test_object_rule_cannot_widen(world: World) -> None:
    """An admin-only rule: a failing rule denies, but a passing rule never grants."""
    employee = world.a.actor(perms.EMPLOYEE)
    assert not policy.allows(employee, MEMBER_MANAGE, world.a.members[perms.MANAGER])
