"""Reads of members' personal data in the access log (P-G4): the members pages and API, their
security events and the audit and access logs, each noted against the memberships shown."""

from __future__ import annotations

from django.test import Client

from strongroom.identity.models import SecurityEvent
from strongroom.platform.access import permissions as perms
from strongroom.platform.history.models import AccessRead
from strongroom.platform.tenancy import actions
from strongroom.support.models import GrantScope
from tests.absences.helpers import pending_step
from tests.auth import sign_in
from tests.conftest import World
from tests.factories import make_api_key
from tests.support.factories import impersonating, make_grant, make_session

API = "/api/v1/companies/acme"


def _reads(**lookup: object) -> set[tuple[int, str, str]]:
    """(membership id, purpose, channel) of every membership read noted so far."""
    rows = AccessRead.objects.filter(object_type="tenancy.membership", **lookup)
    return {(int(r.object_id), r.purpose, r.channel) for r in rows}


def _mark() -> int:
    """The newest read so far: later assertions look at the reads after it (reads are never
    deleted, not even by a test: ``history/dbguard.py``)."""
    return AccessRead.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _ids(world: World, *roles: str) -> set[int]:
    return {world.a.members[role].pk for role in roles}


def test_members_page_and_api_note_every_member_shown(world: World) -> None:
    admin = sign_in(Client(), world.a.user(perms.ADMIN))
    everyone = {m.pk for m in world.a.members.values()}
    employee = world.a.members[perms.EMPLOYEE].pk
    assert admin.get("/c/acme/members/").status_code == 200
    assert _reads() == {(pk, "list", "web") for pk in everyone}
    assert admin.get(f"/c/acme/members/{employee}/").status_code == 200
    assert admin.get(f"{API}/members", {"role": "employee"}).status_code == 200
    assert admin.get(f"{API}/members/{employee}").status_code == 200
    assert {(employee, "view", "web"), (employee, "list", "api"), (employee, "view", "api")} <= (
        _reads()
    )
    assert not _reads(channel="api") - {(employee, "list", "api"), (employee, "view", "api")}
    assert set(AccessRead.objects.values_list("actor_user_id", flat=True)) == {
        world.a.user(perms.ADMIN).pk
    }


def test_member_security_events_note_whose_events_were_shown(world: World) -> None:
    employee = world.a.members[perms.EMPLOYEE]
    SecurityEvent.objects.create(user=employee.user, tag="account:login:success", ip="192.0.2.7")
    admin = sign_in(Client(), world.a.user(perms.ADMIN))
    mark = _mark()
    assert admin.get("/security/").status_code == 200  # one's own events: not noted
    assert not AccessRead.objects.filter(id__gt=mark).exists()
    page = admin.get("/c/acme/security/")
    assert "192.0.2.7" in page.content.decode()
    assert (employee.pk, "list", "web") in _reads(id__gt=mark)
    shown = {pk for pk, _, _ in _reads(id__gt=mark)}
    assert not _ids(world, perms.MANAGER) & shown  # no events shown


def test_audit_log_notes_the_members_it_names(world: World) -> None:
    admin, employee = world.a.members[perms.ADMIN], world.a.members[perms.EMPLOYEE]
    actions.change_member_role(actor=world.a.actor(perms.ADMIN), membership=employee,
                               role=perms.MANAGER)
    owner = sign_in(Client(), world.a.user(perms.OWNER))
    assert owner.get(f"{API}/audit-events").status_code == 200
    # the acting admin and the member the entry is about, nobody else
    assert _reads() == {(admin.pk, "list", "api"), (employee.pk, "list", "api")}
    assert owner.get(f"{API}/access-log").status_code == 200  # the owner is its only reader
    assert (world.a.members[perms.OWNER].pk, "list", "api") in _reads()
    mark = _mark()
    # the web page also lists every member, with e-mail addresses, to filter by
    assert owner.get("/c/acme/audit/").status_code == 200
    assert _reads(id__gt=mark) == {(m.pk, "list", "web") for m in world.a.members.values()}


def test_history_answers_and_tabs_note_the_members_they_name(world: World) -> None:
    admin, employee = world.a.members[perms.ADMIN], world.a.members[perms.EMPLOYEE]
    actions.set_member_tags(actor=world.a.actor(perms.ADMIN), membership=employee,
                            tags=["team:oslo"])
    owner = sign_in(Client(), world.a.user(perms.OWNER))
    body = owner.get(f"{API}/members/{employee.pk}/history").json()
    assert body["items"][0]["actor_email"] == admin.user.email
    assert _reads() == {(employee.pk, "view", "api"), (admin.pk, "list", "api"),
                        (employee.pk, "list", "api")}
    mark = _mark()
    page = owner.get(f"/c/acme/members/{employee.pk}/history/").content.decode()
    assert admin.user.display_name in page  # the web History tab names who acted
    assert _reads(id__gt=mark) == {(employee.pk, "view", "web"), (admin.pk, "list", "web"),
                        (employee.pk, "list", "web")}


def test_api_key_lists_and_the_grant_form_note_the_members_named(world: World) -> None:
    accountant = world.a.members[perms.ACCOUNTANT]
    make_api_key(accountant)
    admin = sign_in(Client(), world.a.user(perms.ADMIN))
    assert admin.get("/c/acme/api-keys/").status_code == 200
    assert admin.get(f"{API}/api-keys").status_code == 200
    assert _reads() == {(accountant.pk, "list", "web"), (accountant.pk, "list", "api")}
    mark = _mark()
    assert admin.get("/c/acme/support/").status_code == 200  # the grant form's choices
    assert (world.a.members[perms.EMPLOYEE].pk, "list", "web") in _reads(id__gt=mark)


def test_approval_answers_note_the_people_they_name(world: World) -> None:
    approval = pending_step(world.a)  # the employee asks; the open step's approvers decide
    owner = sign_in(Client(), world.a.user(perms.OWNER))
    body = owner.get(f"{API}/approvals/{approval.pk}").json()
    named = {body["requester"]["membership_id"]} | {
        person["membership_id"] for step in body["steps"] for person in step["approvers"]
    }
    assert world.a.members[perms.EMPLOYEE].pk in named
    assert _reads() == {(pk, "view", "api") for pk in named}


def test_support_grants_and_sessions_note_the_members_they_name(world: World) -> None:
    owner, employee = world.a.members[perms.OWNER], world.a.members[perms.EMPLOYEE]
    session = make_session(make_grant(world.a, member=employee), world.operator, employee)
    admin = sign_in(Client(), world.a.user(perms.ADMIN))
    assert admin.get(f"{API}/support/grants").status_code == 200
    assert _reads() == {(owner.pk, "list", "api"), (employee.pk, "list", "api")}
    mark = _mark()
    assert admin.get(f"{API}/support/sessions").status_code == 200
    assert admin.get(f"/c/acme/support/sessions/{session.pk}/").status_code == 200
    assert _reads(id__gt=mark) == {(employee.pk, "list", "api"), (employee.pk, "view", "web")}


def test_the_operator_console_notes_granted_members_in_their_company(world: World) -> None:
    employee = world.a.members[perms.EMPLOYEE]
    make_grant(world.a, member=employee)
    make_grant(world.b)  # any member: nobody named
    operator = sign_in(Client(), world.operator)
    assert employee.user.email in operator.get("/ops/support/").content.decode()
    read = AccessRead.objects.get(object_type="tenancy.membership")
    assert (read.company_id, read.object_id, read.actor_user_id) == (
        world.a.company.pk, str(employee.pk), world.operator.pk
    )


def test_support_reads_of_members_carry_both_identities(world: World) -> None:
    client = Client()
    impersonating(client, world.a, world.operator, scope=GrantScope.READ_ONLY)
    assert client.get("/c/acme/members/").status_code == 200
    reads = AccessRead.objects.filter(object_type="tenancy.membership")
    assert reads.count() == len(world.a.members)
    assert {(r.actor_user_id, r.support_user_id, r.channel) for r in reads} == {
        (world.a.user(perms.ADMIN).pk, world.operator.pk, "support")
    }
