"""Tenancy writes: companies, members, tags and custom roles, with their policy and audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, cli_actor, user_actor
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.platform.accounts.models import User
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.lifecycle import actions as lifecycle
from strongroom.platform.tenancy import actions, selectors
from strongroom.platform.tenancy.models import Company, Membership
from strongroom.platform.tenancy.permissions import COMPANY_VIEW, MEMBER_VIEW
from tests.conftest import World
from tests.factories import MembershipFactory

GOOD = {"slug": "initech", "name": "Initech AS", "country": "NO", "region": "eu-north",
        "currency": "NOK", "owner_email": "boss@initech.test"}



def _events(company: Company | None = None) -> list[int]:
    rows = AuditEvent.objects.order_by("id")
    if company is not None:
        rows = rows.filter(company=company)
    return [row.event_type for row in rows]


# -- create_company ----------------------------------------------------------------------------


def test_create_company_normalises_creates_owner_and_audits(world: World) -> None:
    actor = cli_actor(operator=world.operator, command="company create")
    company = lifecycle.create_company(
        actor=actor, **{**GOOD, "slug": " Initech ", "country": "no", "currency": "nok"},
        owner_name="Bill Lumbergh", fiscal_year_end=(6, 30),
    )
    company.refresh_from_db()
    assert (company.slug, company.country, company.currency) == ("initech", "NO", "NOK")
    assert (company.fiscal_year_end_month, company.fiscal_year_end_day) == (6, 30)
    owner = User.objects.get(email="boss@initech.test")
    assert owner.full_name == "Bill Lumbergh"
    assert not owner.has_usable_password()
    membership = Membership.objects.get(company=company)
    assert (membership.user, membership.role, membership.is_active) == (owner, perms.OWNER, True)
    assert _events(company) == [T.COMPANY_CREATED, T.USER_CREATED, T.MEMBER_ADDED]
    rows = AuditEvent.objects.filter(company=company)
    assert {(r.actor_name, r.actor_email, r.channel) for r in rows} == {
        ("Olivia Operator", "operator@platform.test", "cli")
    }
    created = rows.get(event_type=T.COMPANY_CREATED)
    assert created.changes["slug"] == [None, "initech"]
    assert created.changes["country"] == [None, "NO"]
    # The names are copies: renaming the operator does not rewrite history.
    world.operator.full_name = "Someone Else"
    world.operator.save()
    assert set(rows.values_list("actor_name", flat=True)) == {"Olivia Operator"}


def test_create_company_reuses_existing_account(world: World, platform_actor: Actor) -> None:
    existing = world.b.user(perms.EMPLOYEE)
    company = lifecycle.create_company(
        actor=platform_actor, **{**GOOD, "owner_email": existing.email.upper()}
    )
    assert Membership.objects.get(company=company).user == existing
    assert _events(company) == [T.COMPANY_CREATED, T.MEMBER_ADDED]
    existing.refresh_from_db()
    assert existing.check_password("correct horse battery staple")


@pytest.mark.parametrize(
    ("override", "field"),
    [
        *(({"slug": v}, "slug")
          for v in ("Bad Slug", "-in", "in-", "x" * 51, "", "acme", " ACME ")),
        *(({"name": v}, "name") for v in ("   ", "n" * 201)),
        *(({"country": v}, "country") for v in ("XX", "NOR", "")),
        *(({"region": v}, "region") for v in ("mars", "EU-NORTH")),
        *(({"currency": v}, "currency") for v in ("ABC", "NO")),
        *(({"fiscal_year_end": v}, "fiscal_year_end")
          for v in ((2, 30), (4, 31), (13, 1), (0, 10), (1, 0))),
        *(({"owner_email": v}, "email") for v in ("not-an-email", "operator@platform.test")),
    ],
)
def test_create_company_refuses_bad_input(
    world: World, platform_actor: Actor, override: dict[str, object], field: str
) -> None:
    companies, users, events = Company.objects.count(), User.objects.count(), _events()
    with pytest.raises(ValidationError) as caught:
        lifecycle.create_company(actor=platform_actor, **{**GOOD, **override})  # type: ignore[arg-type]
    assert field in caught.value.message_dict
    assert (Company.objects.count(), User.objects.count(), _events()) == (companies, users, events)


def test_create_company_accepts_leap_day_year_end(platform_actor: Actor) -> None:
    company = lifecycle.create_company(actor=platform_actor, **GOOD, fiscal_year_end=(2, 29))
    assert company.fiscal_year_end_day == 29


@pytest.mark.parametrize("role", perms.BUILTIN_ROLES)
def test_create_company_is_for_the_platform_only(world: World, role: str) -> None:
    with pytest.raises(Forbidden):
        lifecycle.create_company(actor=world.a.actor(role), **GOOD)
    assert not Company.objects.filter(slug="initech").exists()


# -- update_company ----------------------------------------------------------------------------


def test_update_company_changes_only_given_fields(world: World) -> None:
    company = world.a.company
    before = Company.objects.values().get(pk=company.pk)
    actions.update_company(actor=world.a.actor(perms.ADMIN), company=company, name=" Acme ASA ")
    after = Company.objects.values().get(pk=company.pk)
    assert after == {**before, "name": "Acme ASA"}
    event = AuditEvent.objects.get(company=company, event_type=T.COMPANY_UPDATED)
    assert event.changes == {"name": ["Acme AS", "Acme ASA"]}


def test_update_company_records_every_changed_field(world: World) -> None:
    actions.update_company(
        actor=world.a.actor(perms.OWNER), company=world.a.company, country="se",
        currency="sek", fiscal_year_end=(6, 30), region="eu-north",
    )
    event = AuditEvent.objects.get(event_type=T.COMPANY_UPDATED)
    assert event.changes == {
        "country": ["NO", "SE"], "currency": ["NOK", "SEK"],
        "fiscal_year_end_month": [12, 6], "fiscal_year_end_day": [31, 30],
    }


def test_update_company_without_change_records_nothing(world: World) -> None:
    actions.update_company(
        actor=world.a.actor(perms.ADMIN), company=world.a.company, name="Acme AS"
    )
    assert not AuditEvent.objects.filter(event_type=T.COMPANY_UPDATED).exists()


@pytest.mark.parametrize(
    ("role", "target", "error"),
    [
        (perms.MANAGER, "a", Forbidden),
        (perms.AUDITOR, "a", Forbidden),
        (perms.EMPLOYEE, "a", Forbidden),
        (perms.ADMIN, "b", NotFound),
        (perms.OWNER, "b", NotFound),
    ],
)
def test_update_company_refused(world: World, role: str, target: str, error: type) -> None:
    company = world.a.company if target == "a" else world.b.company
    with pytest.raises(error):
        actions.update_company(actor=world.a.actor(role), company=company, name="Hacked")
    company.refresh_from_db()
    assert company.name != "Hacked"


def test_update_company_validates(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.update_company(
            actor=world.a.actor(perms.ADMIN), company=world.a.company, currency="XYZ", name="ok"
        )
    assert set(caught.value.message_dict) == {"currency"}
    world.a.company.refresh_from_db()
    assert (world.a.company.name, world.a.company.currency) == ("Acme AS", "NOK")


# -- add_member --------------------------------------------------------------------------------


def test_add_member_creates_account_without_password(world: World) -> None:
    admin = world.a.actor(perms.ADMIN)
    membership = actions.add_member(
        actor=admin, email=" New.Person@Acme.TEST ", role=perms.ACCOUNTANT, full_name="New",
        tags=["Team:Oslo"],
    )
    user = membership.user
    assert user.email == "new.person@acme.test"
    assert not user.has_usable_password()
    assert (membership.company, membership.role, membership.tags) == (
        world.a.company, perms.ACCOUNTANT, ["team:oslo"],
    )
    assert _events(world.a.company) == [T.USER_CREATED, T.MEMBER_ADDED]
    added = AuditEvent.objects.get(event_type=T.MEMBER_ADDED)
    assert added.actor_name == "Admin of Acme AS"
    assert added.changes["role"] == [None, "Accountant"]


def test_add_member_reuses_existing_account(world: World) -> None:
    other = world.b.user(perms.MANAGER)
    membership = actions.add_member(
        actor=world.a.actor(perms.ADMIN), email=other.email.upper(), role=perms.EMPLOYEE
    )
    assert membership.user.pk == other.pk
    assert _events(world.a.company) == [T.MEMBER_ADDED]


@pytest.mark.parametrize(
    ("email", "role", "field"),
    [
        ("operator@platform.test", perms.EMPLOYEE, "email"),
        ("OPERATOR@platform.test", perms.EMPLOYEE, "email"),
        ("employee@acme.test", perms.MANAGER, "email"),  # already a member
        ("fresh@acme.test", "boss", "role"),
        ("fresh@acme.test", perms.CUSTOM, "custom_role"),
        ("not an email", perms.EMPLOYEE, "email"),
    ],
)
def test_add_member_refuses(world: World, email: str, role: str, field: str) -> None:
    users = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        actions.add_member(actor=world.a.actor(perms.ADMIN), email=email, role=role)
    assert field in caught.value.message_dict
    assert User.objects.count() == users
    assert _events() == []


@pytest.mark.parametrize(
    ("role", "new_role", "error"),
    [
        (perms.ADMIN, perms.OWNER, Forbidden),
        (perms.AUDITOR, perms.EMPLOYEE, Forbidden),
        (perms.EMPLOYEE, perms.EMPLOYEE, Forbidden),
        (perms.MANAGER, perms.EMPLOYEE, Forbidden),
    ],
)
def test_add_member_policy(world: World, role: str, new_role: str, error: type) -> None:
    with pytest.raises(error):
        actions.add_member(actor=world.a.actor(role), email="fresh@acme.test", role=new_role)
    assert not User.objects.filter(email="fresh@acme.test").exists()


def test_owner_may_add_owner(world: World) -> None:
    membership = actions.add_member(
        actor=world.a.actor(perms.OWNER), email="co-owner@acme.test", role=perms.OWNER
    )
    assert membership.role == perms.OWNER


def test_add_member_without_company_is_not_found(world: World) -> None:
    for actor in (user_actor(world.operator), user_actor(world.a.user(perms.ADMIN))):
        with pytest.raises(NotFound):
            actions.add_member(actor=actor, email="fresh@acme.test", role=perms.EMPLOYEE)


def test_foreign_admin_adds_only_to_their_own_company(world: World) -> None:
    membership = actions.add_member(
        actor=world.b.actor(perms.ADMIN), email="fresh@x.test", role=perms.EMPLOYEE
    )
    assert membership.company == world.b.company
    assert not Membership.objects.filter(company=world.a.company, user=membership.user).exists()


def test_add_member_with_foreign_custom_role_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        actions.add_member(
            actor=world.a.actor(perms.ADMIN), email="fresh@acme.test", role=perms.CUSTOM,
            custom_role=world.b.custom_role,
        )
    assert not User.objects.filter(email="fresh@acme.test").exists()


def test_removed_member_is_reactivated_not_duplicated(world: World) -> None:
    admin = world.a.actor(perms.ADMIN)
    target = world.a.members[perms.EMPLOYEE]
    actions.remove_member(actor=admin, membership=target)
    again = actions.add_member(actor=admin, email=target.user.email, role=perms.MANAGER)
    assert again.pk == target.pk
    assert (again.is_active, again.role) == (True, perms.MANAGER)
    assert _events(world.a.company)[-1] == T.MEMBER_REACTIVATED


# -- change_member_role ------------------------------------------------------------------------


def test_change_member_role(world: World) -> None:
    target = world.a.members[perms.EMPLOYEE]
    actions.change_member_role(actor=world.a.actor(perms.ADMIN), membership=target,
                               role=perms.MANAGER)
    target.refresh_from_db()
    assert target.role == perms.MANAGER
    event = AuditEvent.objects.get(event_type=T.MEMBER_ROLE_CHANGED)
    assert event.changes == {"role": ["Employee", "Manager"]}


def test_last_owner_cannot_be_demoted(world: World) -> None:
    owner = world.a.members[perms.OWNER]
    with pytest.raises(ValidationError) as caught:
        actions.change_member_role(actor=world.a.actor(perms.OWNER), membership=owner,
                                   role=perms.ADMIN)
    assert "role" in caught.value.message_dict
    owner.refresh_from_db()
    assert owner.role == perms.OWNER
    # With a second active owner, the first may step down.
    MembershipFactory(company=world.a.company, role=perms.OWNER)
    actions.change_member_role(actor=world.a.actor(perms.OWNER), membership=owner,
                               role=perms.ADMIN)
    owner.refresh_from_db()
    assert owner.role == perms.ADMIN


def test_inactive_second_owner_does_not_count(world: World) -> None:
    MembershipFactory(company=world.a.company, role=perms.OWNER, is_active=False)
    with pytest.raises(ValidationError):
        actions.change_member_role(actor=world.a.actor(perms.OWNER),
                                   membership=world.a.members[perms.OWNER], role=perms.EMPLOYEE)


@pytest.mark.parametrize("change", ["role", "tags", "remove"])
def test_an_ended_membership_cannot_be_changed(world: World, change: str) -> None:
    admin = world.a.actor(perms.ADMIN)
    gone = MembershipFactory(company=world.a.company, role=perms.EMPLOYEE, is_active=False)
    before = AuditEvent.objects.count()
    attempts = {
        "role": lambda: actions.change_member_role(
            actor=admin, membership=gone, role=perms.MANAGER
        ),
        "tags": lambda: actions.set_member_tags(actor=admin, membership=gone, tags=["sales"]),
        "remove": lambda: actions.remove_member(actor=admin, membership=gone),
    }
    with pytest.raises(NotFound):
        attempts[change]()
    gone.refresh_from_db()
    assert (gone.role, gone.tags, gone.is_active) == (perms.EMPLOYEE, [], False)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("role", "target", "new_role", "error"),
    [
        (perms.ADMIN, perms.OWNER, perms.ADMIN, Forbidden),
        (perms.ADMIN, perms.EMPLOYEE, perms.OWNER, Forbidden),
        (perms.MANAGER, perms.EMPLOYEE, perms.ACCOUNTANT, Forbidden),
        (perms.AUDITOR, perms.EMPLOYEE, perms.ACCOUNTANT, Forbidden),
    ],
)
def test_change_member_role_policy(
    world: World, role: str, target: str, new_role: str, error: type
) -> None:
    membership = world.a.members[target]
    with pytest.raises(error):
        actions.change_member_role(actor=world.a.actor(role), membership=membership,
                                   role=new_role)
    membership.refresh_from_db()
    assert membership.role == target
    assert _events() == []


def test_foreign_admin_cannot_change_role(world: World) -> None:
    with pytest.raises(NotFound):
        actions.change_member_role(actor=world.b.actor(perms.ADMIN),
                                   membership=world.a.members[perms.EMPLOYEE], role=perms.ADMIN)


def test_custom_role_assignment(world: World) -> None:
    target = world.a.members[perms.EMPLOYEE]
    admin = world.a.actor(perms.ADMIN)
    with pytest.raises(NotFound):
        actions.change_member_role(actor=admin, membership=target, role=perms.CUSTOM,
                                   custom_role=world.b.custom_role)
    with pytest.raises(ValidationError):
        actions.change_member_role(actor=admin, membership=target, role=perms.ADMIN,
                                   custom_role=world.a.custom_role)
    actions.change_member_role(actor=admin, membership=target, role=perms.CUSTOM,
                               custom_role=world.a.custom_role)
    actor = selectors.actor_for(target.user, "acme")
    assert actor.permissions == {COMPANY_VIEW, MEMBER_VIEW}
    assert AuditEvent.objects.get().changes == {"role": ["Employee", "Reader"]}


# -- remove_member -----------------------------------------------------------------------------


def test_remove_member_deactivates_and_revokes_access(world: World) -> None:
    target = world.a.members[perms.ACCOUNTANT]
    assert selectors.actor_for(target.user, "acme").company == world.a.company
    actions.remove_member(actor=world.a.actor(perms.ADMIN), membership=target)
    target.refresh_from_db()
    assert Membership.objects.filter(pk=target.pk).exists()
    assert target.is_active is False
    with pytest.raises(NotFound):
        selectors.actor_for(target.user, "acme")
    assert AuditEvent.objects.get().changes == {"is_active": [True, False]}
    with pytest.raises(NotFound):  # removing twice
        actions.remove_member(actor=world.a.actor(perms.ADMIN), membership=target)


def test_last_owner_cannot_be_removed(world: World) -> None:
    owner = world.a.members[perms.OWNER]
    with pytest.raises(ValidationError):
        actions.remove_member(actor=world.a.actor(perms.OWNER), membership=owner)
    with pytest.raises(Forbidden):
        actions.remove_member(actor=world.a.actor(perms.ADMIN), membership=owner)
    owner.refresh_from_db()
    assert owner.is_active
