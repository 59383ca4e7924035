"""Behaviour of the company pages: switcher, forms, errors, audit filters."""

from __future__ import annotations

from django.test import Client

from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy.models import Membership
from tests.auth import sign_in
from tests.conftest import World


def _client(world: World, role: str = "admin") -> Client:
    client = Client()
    sign_in(client, world.a.user(role))
    return client


def test_dashboard_shows_company_role_counts_and_settings(world: World) -> None:
    page = _client(world, "owner").get("/c/acme/").content.decode()
    assert "<h1>Acme AS</h1>" in page
    assert "Owner" in page
    assert "NOK" in page
    assert "Recent activity" in page
    assert 'href="/c/acme/audit/"' in page


def test_employee_sees_no_admin_navigation(world: World) -> None:
    page = _client(world, "employee").get("/c/acme/").content.decode()
    assert 'href="/c/acme/members/"' in page
    assert 'href="/c/acme/roles/"' not in page
    assert 'href="/c/acme/audit/"' not in page
    assert "Recent activity" not in page
    members = _client(world, "employee").get("/c/acme/members/").content.decode()
    assert "Add member" not in members


def test_switcher_lists_only_own_companies(world: World) -> None:
    page = _client(world).get("/c/acme/").content.decode()
    assert 'href="/c/acme/"' in page
    assert "/c/globex/" not in page
    assert "Globex" not in page


def test_add_member_shows_field_errors(world: World) -> None:
    client = _client(world)
    response = client.post(
        "/c/acme/members/add/", {"email": "not-an-email", "role": "employee", "tags": ""}
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    response = client.post(
        "/c/acme/members/add/",
        {"email": "ok@example.test", "role": "employee", "tags": "Bad Tag!"},
    )
    assert response.status_code == 200
    assert "Invalid tag(s)" in response.content.decode()
    assert not Membership.objects.filter(user__email="ok@example.test").exists()


def test_add_member_succeeds_with_notice(world: World) -> None:
    response = _client(world).post(
        "/c/acme/members/add/",
        {"email": "Kari@Example.test", "full_name": "Kari", "role": "manager", "tags": "team:oslo"},
        follow=True,
    )
    assert response.status_code == 200
    assert "is now a member" in response.content.decode()
    membership = Membership.objects.get(company=world.a.company, user__email="kari@example.test")
    assert membership.role == "manager"
    assert membership.tags == ["team:oslo"]


def test_admin_cannot_grant_owner(world: World) -> None:
    client = _client(world)
    response = client.post(
        "/c/acme/members/add/", {"email": "boss@example.test", "role": "owner", "tags": ""}
    )
    assert response.status_code in (200, 403)
    assert not Membership.objects.filter(user__email="boss@example.test").exists()
    employee = world.a.members["employee"]
    response = client.post(f"/c/acme/members/{employee.pk}/", {"role": "owner", "tags": ""})
    assert response.status_code in (200, 403)
    employee.refresh_from_db()
    assert employee.role == "employee"


def test_owner_can_use_custom_role(world: World) -> None:
    assert world.a.custom_role is not None
    employee = world.a.members["employee"]
    response = _client(world, "owner").post(
        f"/c/acme/members/{employee.pk}/",
        {"role": "custom", "custom_role": str(world.a.custom_role.pk), "tags": "team:bergen"},
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.custom_role == world.a.custom_role
    assert employee.tags == ["team:bergen"]


def test_last_owner_cannot_be_removed(world: World) -> None:
    owner = world.a.members["owner"]
    response = _client(world, "owner").post(
        f"/c/acme/members/{owner.pk}/remove/", follow=True
    )
    assert response.status_code == 200
    assert "at least one active owner" in response.content.decode()
    owner.refresh_from_db()
    assert owner.is_active


def test_company_settings_errors_and_save(world: World) -> None:
    client = _client(world)
    data = {
        "name": "Acme",
        "country": "XX",
        "region": "eu-north",
        "currency": "NOK",
        "fiscal_year_end_month": "2",
        "fiscal_year_end_day": "30",
    }
    page = client.post("/c/acme/settings/", data).content.decode()
    assert "Unknown country code" in page
    assert "Not a valid month and day." in page
    data.update(country="NO", fiscal_year_end_day="28")
    response = client.post("/c/acme/settings/", data, follow=True)
    assert "Company settings saved." in response.content.decode()
    world.a.company.refresh_from_db()
    assert (world.a.company.name, world.a.company.fiscal_year_end_month) == ("Acme", 2)


def test_roles_create_edit_delete(world: World) -> None:
    client = _client(world)
    page = client.get("/c/acme/roles/add/").content.decode()
    assert "Member" in page
    assert 'value="member.manage"' in page
    client.post("/c/acme/roles/add/", {"name": "Clerk", "permissions": ["company.view"]})
    roles = client.get("/c/acme/roles/").content.decode()
    assert "Clerk" in roles
    assert "See the company" in roles
    assert "Reads everything, changes nothing." in roles
    duplicate = client.post("/c/acme/roles/add/", {"name": "clerk"})
    assert "already exists" in duplicate.content.decode()


def test_audit_filters(world: World) -> None:
    client = _client(world)
    client.post(
        "/c/acme/members/add/", {"email": "x@example.test", "role": "employee", "tags": ""}
    )
    client.post("/c/acme/roles/add/", {"name": "Clerk", "permissions": ["company.view"]})
    assert AuditEvent.objects.filter(company=world.a.company).count() >= 2
    everything = client.get("/c/acme/audit/").content.decode()
    assert "Member added" in everything
    assert "Role created" in everything
    assert "admin@acme.test" in everything
    only_roles = client.get(
        "/c/acme/audit/", {"event_type": int(AuditEventType.ROLE_CREATED)}
    ).content.decode()
    assert "Role created" in only_roles
    assert "x@example.test" not in _table(only_roles)  # (the person filter lists every member)
    by_other = client.get("/c/acme/audit/", {"actor_email": "owner@acme.test"}).content.decode()
    assert "No events match." in by_other
    future = client.get("/c/acme/audit/", {"since": "2999-01-01"}).content.decode()
    assert "No events match." in future
    by_object = client.get(
        "/c/acme/audit/", {"object_type": "tenancy.customrole"}
    ).content.decode()
    assert "Clerk" in by_object
    assert "x@example.test" not in _table(by_object)
    person = world.a.user("owner").pk
    by_person = client.get("/c/acme/audit/", {"person": person}).content.decode()
    assert "No events match." in by_person


def _table(html: str) -> str:
    return html.split("<table", 1)[-1]
