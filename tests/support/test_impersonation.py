"""Acting as a member: the Actor, the banner, both identities in history, credential pages
refused, and the session ending at its next request when the grant ends (P-B5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Channel
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy.models import Membership
from strongroom.support import actions
from strongroom.support.impersonation import SESSION_KEY, support_actor
from strongroom.support.models import EndReason, GrantScope, SupportGrant
from tests.auth import sign_in
from tests.conftest import World
from tests.support.factories import impersonating, make_session

pytestmark = pytest.mark.django_db


def test_the_actor_is_the_member_with_the_operator_beside_them(world: World) -> None:
    session = impersonating(Client(), world.a, world.operator, scope=GrantScope.READ_ONLY)
    actor = support_actor(session, "acme")
    assert actor.user == world.a.user(perms.ADMIN)
    assert actor.support_user == world.operator
    assert actor.channel is Channel.SUPPORT
    assert actor.read_only
    assert "member.manage" not in actor.permissions
    assert actor.credential == f"support session {session.pk}"


def test_full_access_never_includes_credentials_or_grants(world: World) -> None:
    session = impersonating(Client(), world.a, world.operator, role=perms.OWNER)
    actor = support_actor(session, "acme")
    assert "member.manage" in actor.permissions
    assert not {"apikey.create", "apikey.revoke_any", "support.manage"} & actor.permissions


def test_the_banner_shows_on_every_company_page(world: World) -> None:
    client = Client()
    impersonating(client, world.a, world.operator)
    for path in ("/c/acme/", "/c/acme/members/", "/c/acme/support/"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert 'id="support-banner"' in body
        assert "Olivia Operator" in body
        assert "Admin of Acme AS" in body


def test_only_the_granted_company_is_reachable(world: World) -> None:
    client = Client()
    impersonating(client, world.a, world.operator)
    assert client.get("/c/globex/").status_code in (403, 404)
    assert client.get("/api/v1/companies/globex").status_code in (403, 404)


def test_full_session_writes_record_both_identities(world: World) -> None:
    client = Client()
    session = impersonating(client, world.a, world.operator)
    employee = world.a.members[perms.EMPLOYEE]
    response = client.post(
        f"/c/acme/members/{employee.pk}/", {"role": "manager", "tags": "team:oslo"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(object_type="tenancy.membership").latest("id")
    assert event.actor_user == world.a.user(perms.ADMIN)
    assert event.support_user == world.operator
    assert event.support_email == world.operator.email
    assert event.channel == "support"
    assert event.credential == session.credential
    # ... and over the API (the browser session, with its CSRF token).
    response = client.patch(
        "/api/v1/companies/acme", {"name": "Acme Support AS"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    latest = AuditEvent.objects.filter(event_type=AuditEventType.COMPANY_UPDATED).latest("id")
    assert (latest.support_user, latest.channel) == (world.operator, "support")
    # The company's audit log (web and API) shows the operator beside the member.
    assert "Support: Olivia Operator" in client.get("/c/acme/audit/").content.decode()
    [entry] = client.get("/api/v1/companies/acme/audit-events?event_type=101").json()["items"]
    assert (entry["support_email"], entry["credential"]) == (
        world.operator.email, session.credential
    )
    # The company's support page lists what was done in the session.
    page = client.get(f"/c/acme/support/sessions/{session.pk}/").content.decode()
    assert "Member role changed" in page
    assert "Company updated" in page


def test_read_only_session_refuses_writes(world: World) -> None:
    client = Client()
    impersonating(client, world.a, world.operator, role=perms.OWNER, scope=GrantScope.READ_ONLY)
    employee = world.a.members[perms.EMPLOYEE]
    assert client.get("/c/acme/members/").status_code == 200
    assert client.post(f"/c/acme/members/{employee.pk}/", {"role": "manager"}).status_code == 403
    assert client.get("/c/acme/members/add/").status_code == 403
    response = client.patch(
        "/api/v1/companies/acme", {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    logged = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert logged == {AuditEventType.SUPPORT_REQUEST}  # the requests, and no write


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password/change/",
        "/accounts/email/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/webauthn/add/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/sessions/",
        "/security/",
        "/api/v1/me",
    ],
)
def test_credential_pages_are_refused(world: World, path: str) -> None:
    client = Client()
    impersonating(client, world.a, world.operator, role=perms.OWNER)
    assert client.get(path).status_code == 403
    assert client.post(path, {"password": "x", "email": "x@example.test"}).status_code == 403


def test_api_keys_and_grants_cannot_be_changed_in_a_full_session(world: World) -> None:
    client = Client()
    impersonating(client, world.a, world.operator, role=perms.OWNER)
    assert client.get("/c/acme/api-keys/").status_code == 200
    key_form = {"name": "K", "expires_in_days": "30"}
    assert client.post("/c/acme/api-keys/", key_form).status_code == 403
    grant_form = {"hours": "24", "scope": "full", "member": "", "note": ""}
    assert client.post("/c/acme/support/", grant_form).status_code == 403
    response = client.post(
        "/api/v1/companies/acme/support/grants", {"hours": 1, "scope": "full"},
        content_type="application/json",
    )
    assert response.status_code == 403


def _end_grant(world: World, how: str) -> None:
    """End the company's newest grant: revoked by the owner, or run out."""
    grant = SupportGrant.objects.filter(company=world.a.company).latest("id")
    if how == "revoked":
        actions.revoke_support_grant(actor=world.a.actor(perms.OWNER), grant=grant)
    else:
        grant.expires_at = timezone.now() - timedelta(seconds=1)
        grant.save()


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_a_running_session_ends_at_its_next_request(world: World, how: str) -> None:
    client = Client()
    session = impersonating(client, world.a, world.operator)
    assert client.get("/c/acme/").status_code == 200
    _end_grant(world, how)
    response = client.get("/c/acme/")
    assert response.status_code == 302
    assert response["Location"] == "/ops/support/"
    assert SESSION_KEY not in client.session
    assert client.get("/c/acme/").status_code == 404  # an operator again: no company data
    api = Client()
    impersonating(api, world.a, world.operator)  # a new grant and session...
    _end_grant(world, how)
    response = api.get("/api/v1/companies/acme")
    assert response.status_code == 403
    assert response.json()["type"].endswith(":support-session-ended")
    session.refresh_from_db()
    assert session.end_reason == (EndReason.REVOKED if how == "revoked" else EndReason.EXPIRED)
    assert session.ended_at is not None


def test_a_member_leaving_ends_the_session(world: World) -> None:
    client = Client()
    impersonating(client, world.a, world.operator, role=perms.EMPLOYEE)
    Membership.objects.filter(pk=world.a.members[perms.EMPLOYEE].pk).update(is_active=False)
    assert client.get("/c/acme/").status_code == 302


def test_ending_and_signing_out_end_the_session(world: World) -> None:
    client = Client()
    session = impersonating(client, world.a, world.operator)
    assert client.post("/ops/support/end/").status_code == 302
    session.refresh_from_db()
    assert session.end_reason == EndReason.ENDED
    assert client.get("/c/acme/").status_code == 404
    other = make_session(session.grant, world.operator, world.a.members[perms.EMPLOYEE])
    web_session = client.session
    web_session[SESSION_KEY] = other.pk
    web_session.save()
    assert client.get("/c/acme/").status_code == 200
    client.post("/accounts/logout/")
    other.refresh_from_db()
    assert other.end_reason == EndReason.SIGNED_OUT


def test_api_key_actions_refuse_a_support_actor(world: World) -> None:
    from strongroom.identity.apikeys.actions import create_api_key, revoke_api_key
    from strongroom.platform.access import policy
    from tests.factories import make_api_key

    session = impersonating(Client(), world.a, world.operator, role=perms.ADMIN)
    actor = support_actor(session, "acme")
    own_key, _ = make_api_key(world.a.members[perms.ADMIN])
    with pytest.raises(policy.Forbidden):
        revoke_api_key(actor=actor, key=own_key)
    with pytest.raises((policy.Forbidden, policy.NotFound)):
        create_api_key(actor=actor, name="Support key")


def test_every_request_of_a_session_is_recorded_for_the_company(world: World) -> None:
    client = Client()
    session = impersonating(client, world.a, world.operator, scope=GrantScope.READ_ONLY)
    client.get("/c/acme/members/?q=ola")
    client.post("/c/acme/members/add/", {"email": "x@acme.test", "role": "employee"})
    client.get("/accounts/password/change/")
    logged = AuditEvent.objects.filter(event_type=AuditEventType.SUPPORT_REQUEST).order_by("id")
    assert [(e.extra["method"], e.extra["path"], e.extra["status"]) for e in logged] == [
        ("GET", "/c/acme/members/?q=ola", 200),
        ("POST", "/c/acme/members/add/", 403),
        ("GET", "/accounts/password/change/", 403),
    ]
    for event in logged:
        assert (event.actor_user, event.support_user) == (world.a.user(perms.ADMIN), world.operator)
        assert (event.company_id, event.credential) == (world.a.company.pk, session.credential)
    admin = sign_in(Client(), world.a.user(perms.OWNER))
    page = admin.get(f"/c/acme/support/sessions/{session.pk}/").content.decode()
    assert "/c/acme/members/?q=ola" in page
    assert "/accounts/password/change/" in page


def test_reads_and_history_in_a_session_carry_both_identities(world: World) -> None:
    from strongroom.platform.history.models import AccessRead
    from tests.contacts.factories import make_person

    person = make_person(world.a)
    client = Client()
    session = impersonating(client, world.a, world.operator, scope=GrantScope.READ_ONLY)
    assert client.get(f"/c/acme/contacts/people/{person.pk}/").status_code == 200
    read = AccessRead.objects.filter(object_id=str(person.pk)).latest("id")
    assert (read.actor_user, read.support_user) == (world.a.user(perms.ADMIN), world.operator)
    assert (read.channel, read.credential) == ("support", session.credential)
    admin = sign_in(Client(), world.a.user(perms.OWNER))
    page = admin.get(f"/c/acme/support/sessions/{session.pk}/").content.decode()
    assert f"#{person.pk}" in page


def test_the_history_tab_names_the_operator(world: World) -> None:
    client = Client()
    impersonating(client, world.a, world.operator)
    employee = world.a.members[perms.EMPLOYEE]
    client.post(f"/c/acme/members/{employee.pk}/", {"role": "manager", "tags": ""})
    tab = client.get(f"/c/acme/members/{employee.pk}/history/").content.decode()
    assert "(support: Olivia Operator)" in tab
