"""The operator console's support pages, and operators' second factor (P-B4)."""

from __future__ import annotations

import pytest
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.support.impersonation import SESSION_KEY
from strongroom.support.models import SupportSession
from tests.auth import sign_in
from tests.conftest import World
from tests.support.factories import make_grant

pytestmark = pytest.mark.django_db

PAGES = [("GET", "/ops/support/"), ("POST", "/ops/support/start/"), ("POST", "/ops/support/end/")]


def _start_form(world: World, **changes: str) -> dict[str, str]:
    return {
        "company": "acme", "member_email": world.a.user(perms.EMPLOYEE).email,
        "reason": "Ticket 42: totals look wrong", **changes,
    }


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(method: str, path: str) -> None:
    response = getattr(Client(), method.lower())(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("method", "path"), PAGES)
@pytest.mark.parametrize("role", [perms.OWNER, perms.ADMIN])
def test_members_get_not_found(world: World, method: str, path: str, role: str) -> None:
    client = sign_in(Client(), world.a.user(role))
    assert getattr(client, method.lower())(path, _start_form(world)).status_code == 404


def test_operator_sees_live_grants_as_tenants_and_consent(world: World) -> None:
    make_grant(world.a, member=world.a.members[perms.EMPLOYEE])
    client = sign_in(Client(), world.operator)
    body = client.get("/ops/support/").content.decode()
    assert "Acme AS" in body
    assert "Please look at ticket 42" in body
    assert world.a.user(perms.EMPLOYEE).email in body  # the member the company named
    assert world.a.user(perms.MANAGER).email not in body  # nobody else's
    assert "Globex AB" in body  # offered in the company choice, without any of its data
    assert world.b.user(perms.OWNER).email not in body


def test_operator_starts_a_session_and_lands_in_the_company(world: World) -> None:
    make_grant(world.a)
    client = sign_in(Client(), world.operator)
    response = client.post("/ops/support/start/", _start_form(world))
    assert response.status_code == 302
    assert response["Location"] == "/c/acme/"
    session = SupportSession.objects.get()
    assert client.session[SESSION_KEY] == session.pk
    assert "support-banner" in client.get("/c/acme/").content.decode()
    again = client.post("/ops/support/start/", _start_form(world))
    assert again.status_code == 400
    assert "End the running support session first" in again.content.decode()


def test_a_refused_start_says_so_and_is_recorded(world: World) -> None:
    client = sign_in(Client(), world.operator)
    response = client.post("/ops/support/start/", _start_form(world))
    assert response.status_code == 403
    assert "no live support grant" in response.content.decode()
    assert AuditEvent.objects.filter(
        company=world.a.company, event_type=AuditEventType.SUPPORT_SESSION_REFUSED
    ).exists()
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "changes", [{"reason": ""}, {"member_email": "not an address"}, {"company": "nowhere"}]
)
def test_bad_input_gets_field_errors(world: World, changes: dict[str, str]) -> None:
    make_grant(world.a)
    client = sign_in(Client(), world.operator)
    response = client.post("/ops/support/start/", _start_form(world, **changes))
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not SupportSession.objects.exists()


def test_use_prefills_the_start_form_from_a_grant(world: World) -> None:
    employee = world.a.members[perms.EMPLOYEE]
    grant = make_grant(world.a, member=employee)
    client = sign_in(Client(), world.operator)
    body = client.get("/ops/support/").content.decode()
    assert f"grant={grant.pk}&amp;member_email=employee%40acme.test" in body
    query = {"company": "acme", "grant": grant.pk, "member_email": "employee@acme.test"}
    form = client.get("/ops/support/", query).content.decode()
    assert 'value="employee@acme.test"' in form
