"""The audit recorder, and that every write is atomic with its audit event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, Channel, system_actor
from strongroom.platform.accounts.models import User
from strongroom.platform.history import recorder
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.lifecycle import actions as lifecycle
from strongroom.platform.tenancy import actions
from strongroom.platform.tenancy.models import Company, CustomRole, Membership
from tests.conftest import World
from tests.factories import CompanyFactory, UserFactory

# -- the recorder ------------------------------------------------------------------------------


def test_record_copies_the_actor_and_request(world: World) -> None:
    actor = world.a.actor(perms.ADMIN).with_request(
        channel=Channel.API, ip="203.0.113.9", user_agent="x" * 500, request_id="req-1"
    )
    with transaction.atomic():
        event = recorder.record(
            actor=actor, event=T.COMPANY_UPDATED, obj=world.a.company,
            company_id=world.a.company.pk,
            changes={"name": ("Old", "New"), "when": (None, date(2025, 1, 31)),
                     "amount": (Decimal("1.50"), None), "tags": ((), ("a", "b")),
                     "role": (None, world.a.custom_role)},
            extra={"note": "hello"},
        )
    event.refresh_from_db()
    assert (event.actor_user, event.actor_name, event.actor_email) == (
        world.a.user(perms.ADMIN), "Admin of Acme AS", "admin@acme.test",
    )
    assert (event.channel, event.ip, event.request_id) == ("api", "203.0.113.9", "req-1")
    assert len(event.user_agent) == 400
    assert (event.object_type, event.object_id, event.object_repr) == (
        "tenancy.company", str(world.a.company.pk), "Acme AS",
    )
    assert event.changes == {
        "name": ["Old", "New"], "when": [None, "2025-01-31"], "amount": ["1.50", None],
        "tags": [[], ["a", "b"]], "role": [None, str(world.a.custom_role.pk)],
    }
    assert event.extra == {"note": "hello"}
    assert event.type is T.COMPANY_UPDATED
    assert str(event) == "Company updated: Acme AS"


def test_record_for_system_actor(world: World) -> None:
    actor = system_actor(company=world.a.company, job="nightly")
    with transaction.atomic():
        event = recorder.record(actor=actor, event=T.COMPANY_UPDATED, obj=world.a.company,
                                company_id=world.a.company.pk, changes={})
    assert (event.actor_user, event.actor_name, event.actor_email) == (
        None, "system (nightly)", "",
    )
    assert (event.channel, event.credential, event.changes) == ("system", "nightly", {})


def test_actor_names_survive_the_actor(db: None) -> None:
    user = UserFactory(email="temp@example.test", full_name="Tempo Rary")
    company = CompanyFactory()
    with transaction.atomic():
        recorder.record(actor=Actor(user=user, company=company), event=T.COMPANY_UPDATED,
                        obj=company, company_id=company.pk)
    user.delete()
    event = AuditEvent.objects.get()
    assert (event.actor_user_id, event.actor_name, event.actor_email) == (
        None, "Tempo Rary", "temp@example.test",
    )


def test_diff_and_snapshot(world: World) -> None:
    snap = recorder.snapshot(world.a.company, ("name", "currency"))
    assert snap == {"name": "Acme AS", "currency": "NOK"}
    assert recorder.diff(snap, {**snap, "name": "X"}) == {"name": ("Acme AS", "X")}
    assert recorder.diff(snap, snap) == {}
    assert recorder.diff({}, {"a": 1}) == {"a": (None, 1)}


def test_event_codes_and_tags_are_unique() -> None:
    assert len({t.tag for t in T}) == len(T)
    assert T.MEMBER_ROLE_CHANGED.tag == "member:role_changed"
    assert T.COMPANY_CREATED.label == "Company created"
    # Codes are stable forever: spot-check a few.
    assert (T.COMPANY_CREATED, T.MEMBER_ADDED, T.ROLE_CREATED) == (100, 200, 300)
    assert T.USER_CREATED == 900


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused() -> None:
    company = CompanyFactory()
    actor = system_actor(company=company, job="test")
    assert not transaction.get_connection().in_atomic_block
    with pytest.raises(recorder.HistoryOutsideTransaction, match="COMPANY_UPDATED"):
        recorder.record(actor=actor, event=T.COMPANY_UPDATED, obj=company, company_id=company.pk)
    assert not AuditEvent.objects.exists()


# -- atomicity: a failing audit undoes the write ------------------------------------------------


class Boom(RuntimeError):
    pass


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, module: Any, call: int) -> None:
    """Make ``module.record`` raise on its ``call``-th invocation (earlier calls go through)."""
    real = module.record
    calls = {"n": 0}

    def failing(**kwargs: Any) -> AuditEvent:
        calls["n"] += 1
        if calls["n"] >= call:
            raise Boom("audit failed")
        return real(**kwargs)

    monkeypatch.setattr(module, "record", failing)


def _state() -> tuple[Any, ...]:
    return (
        list(Company.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values("pk", "email", "is_active")),
        list(Membership.objects.order_by("pk").values()),
        list(CustomRole.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


from strongroom.platform.accounts import actions as account_actions  # noqa: E402
from strongroom.platform.tenancy import steps as tenancy_steps  # noqa: E402
from strongroom.platform.tenancy.actions import companies, members, roles  # noqa: E402

CASES: list[tuple[str, Any, int, Any]] = [
    # name, module whose record fails, failing call, action(world, platform_actor)
    ("create_company: company written", lifecycle, 1, lambda w, p: lifecycle.create_company(
        actor=p, slug="new", name="New", country="NO", region="eu-north", currency="NOK",
        owner_email="o@new.test")),
    ("create_company: owner account written", tenancy_steps, 1,
     lambda w, p: lifecycle.create_company(
        actor=p, slug="new", name="New", country="NO", region="eu-north", currency="NOK",
        owner_email="o@new.test")),
    ("add_member: account written", tenancy_steps, 1, lambda w, p: actions.add_member(
        actor=w.a.actor("admin"), email="n@acme.test", role="employee")),
    ("add_member: existing account", tenancy_steps, 1, lambda w, p: actions.add_member(
        actor=w.a.actor("admin"), email=w.b.user("owner").email, role="employee")),
    ("update_company", companies, 1, lambda w, p: actions.update_company(
        actor=w.a.actor("admin"), company=w.a.company, name="Changed")),
    ("change_member_role", members, 1, lambda w, p: actions.change_member_role(
        actor=w.a.actor("admin"), membership=w.a.members["employee"], role="manager")),
    ("set_member_tags", members, 1, lambda w, p: actions.set_member_tags(
        actor=w.a.actor("admin"), membership=w.a.members["employee"], tags=["team:oslo"])),
    ("remove_member", members, 1, lambda w, p: actions.remove_member(
        actor=w.a.actor("admin"), membership=w.a.members["employee"])),
    ("create_custom_role", roles, 1, lambda w, p: actions.create_custom_role(
        actor=w.a.actor("admin"), name="New", permissions=["company.view"])),
    ("update_custom_role", roles, 1, lambda w, p: actions.update_custom_role(
        actor=w.a.actor("admin"), role=w.a.custom_role, name="Renamed")),
    ("delete_custom_role", roles, 1, lambda w, p: actions.delete_custom_role(
        actor=w.a.actor("admin"), role=w.a.custom_role)),
    ("create_operator", account_actions, 1, lambda w, p: account_actions.create_operator(
        actor=p, email="op2@platform.test", password="a long and unusual passphrase 42")),
    ("set_initial_password", account_actions, 1,
     lambda w, p: account_actions.set_initial_password(
         actor=p, user=w.a.user("employee"), password="a long and unusual passphrase 42")),
]


@pytest.mark.parametrize(("module", "call", "action"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_failed_audit_leaves_no_partial_write(
    world: World, platform_actor: Actor, monkeypatch: pytest.MonkeyPatch,
    module: Any, call: int, action: Any,
) -> None:
    password_hash = world.a.user("employee").password
    before = _state()
    _fail_on_call(monkeypatch, module, call)
    with pytest.raises(Boom):
        action(world, platform_actor)
    assert _state() == before
    assert User.objects.get(pk=world.a.user("employee").pk).password == password_hash


def test_group_writes_roll_back_with_their_audit(
    world: World, platform_actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strongroom.platform.tenancy.actions import groups
    from strongroom.platform.tenancy.models import CompanyGroup

    group = actions.create_company_group(actor=platform_actor, slug="g", name="G")
    _fail_on_call(monkeypatch, groups, 1)
    with pytest.raises(Boom):
        actions.add_company_to_group(actor=platform_actor, group=group, company=world.a.company)
    with pytest.raises(Boom):
        actions.add_group_admin(actor=platform_actor, group=group, user=world.a.user("employee"))
    with pytest.raises(Boom):
        actions.create_company_group(actor=platform_actor, slug="h", name="H")
    assert list(group.companies.all()) == []
    assert list(group.admins.all()) == []
    assert list(CompanyGroup.objects.values_list("slug", flat=True)) == ["g"]


@pytest.mark.django_db(transaction=True)
def test_failed_audit_rolls_back_a_real_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the test's wrapping transaction: the action's own durable atomic block."""
    from strongroom.platform.access.actor import cli_actor

    actor = cli_actor(command="test")
    _fail_on_call(monkeypatch, tenancy_steps, 1)
    with pytest.raises(Boom):
        lifecycle.create_company(actor=actor, slug="real", name="Real", country="NO",
                                 region="eu-north", currency="NOK", owner_email="o@real.test")
    assert not Company.objects.exists()
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()
    monkeypatch.undo()
    lifecycle.create_company(actor=actor, slug="real", name="Real", country="NO",
                             region="eu-north", currency="NOK", owner_email="o@real.test")
    assert AuditEvent.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_actions_are_durable(monkeypatch: pytest.MonkeyPatch) -> None:
    """An action owns its transaction: nesting it in a caller's atomic block is refused."""
    from strongroom.platform.access.actor import cli_actor

    actor = cli_actor(command="test")
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        actions.create_company_group(actor=actor, slug="g", name="G")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_enclosing_transaction_takes_one_action_and_commits_or_rolls_back_with_it() -> None:
    """Inside enclosing_transaction an action is a savepoint: it commits with what the block
    keeps beside it, or rolls back with it; an action inside an atomic block inside it, or
    inside another action, is still refused."""
    from strongroom.platform.access.actor import cli_actor
    from strongroom.platform.history.action import enclosing_transaction

    actor = cli_actor(command="test")

    def write_then_fail() -> None:
        with enclosing_transaction():
            actions.create_company_group(actor=actor, slug="g", name="G")
            assert AuditEvent.objects.count() == 1
            raise Boom

    def nest() -> None:
        with enclosing_transaction(), transaction.atomic():
            actions.create_company_group(actor=actor, slug="g", name="G")

    with pytest.raises(Boom):
        write_then_fail()
    assert not AuditEvent.objects.exists()
    with pytest.raises(RuntimeError, match="durable"):
        nest()
    with enclosing_transaction():
        actions.create_company_group(actor=actor, slug="g", name="G")
    assert AuditEvent.objects.count() == 1


def test_group_admin_of_empty_group_is_audited(world: World, platform_actor: Actor) -> None:
    """A write with no company to attribute it to is still audited (as a platform event)."""
    from strongroom.platform.tenancy import actions as tenancy_actions
    from strongroom.platform.tenancy.models import CompanyGroup

    group = CompanyGroup.objects.create(slug="holding", name="Holding")
    user = UserFactory()
    tenancy_actions.add_group_admin(actor=platform_actor, group=group, user=user)
    event = AuditEvent.objects.get()
    assert (event.company_id, event.changes) == (None, {"admin": [None, user.email]})
    assert event.chain_key == "platform"
