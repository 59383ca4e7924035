"""P-A2: single sign-on through a real OpenID Connect provider (npm's oidc-provider on
127.0.0.1, tests/identity/oidc.py): sign-in, linking by (issuer, subject), state and nonce,
audience and issuer checks, "require SSO" per company, and the provider's MFA claim."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from strongroom.identity.models import SecurityEvent, SignInPolicy, SsoIdentity, SsoProvider
from strongroom.identity.security_events import Tag
from strongroom.identity.sso import oidc
from strongroom.platform.access import permissions as perms
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from tests.auth import enrol_totp, second_factor_step, sign_in, totp_code
from tests.conftest import World
from tests.factories import MembershipFactory
from tests.identity import oidc as idp

CALLBACK = "http://testserver/accounts/sso/callback/"
USERS = {
    "emp-1": {"email": "employee@acme.test", "email_verified": True, "name": "Employee"},
    "unverified": {"email": "manager@acme.test", "email_verified": False},
    "stranger": {"email": "nobody@elsewhere.test", "email_verified": True},
}


@pytest.fixture
def keys() -> dict[str, Any]:
    return idp.signing_keys()


@pytest.fixture
def running(world: World, keys: dict[str, Any]) -> Iterator[idp.RunningProvider]:
    with idp.provider(redirect_uris=[CALLBACK], users=USERS, keys=keys) as provider:
        SsoProvider.objects.create(
            company=world.a.company, name="Acme ID", issuer=provider.issuer,
            client_id="strongroom", client_secret=idp.CLIENT_SECRET,
        )
        yield provider


def _policy(world: World, **settings: Any) -> None:
    SignInPolicy.objects.update_or_create(company=world.a.company, defaults=settings)


def _start(client: Client, slug: str = "acme", next_url: str = "/c/acme/") -> str:
    response = client.post(f"/accounts/sso/{slug}/", {"next": next_url})
    assert response.status_code == 302, response.content
    return str(response["Location"])


def _sso(client: Client, *, subject: str, mfa: bool = False, next_url: str = "/c/acme/") -> Any:
    back = idp.sign_in_at_provider(_start(client, next_url=next_url), subject=subject, mfa=mfa,
                                   stop_at=CALLBACK)
    return client.get(back.removeprefix("http://testserver"))


def test_sign_in_links_the_verified_member_and_still_asks_the_local_factor(
    world: World, running: idp.RunningProvider
) -> None:
    employee = world.a.user(perms.EMPLOYEE)
    secret = enrol_totp(employee)
    client = Client()
    response = _sso(client, subject="emp-1")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/c/acme/").status_code == 302  # not signed in before the factor
    assert second_factor_step(client, totp_code(secret)).status_code == 302
    assert client.get("/c/acme/").status_code == 200
    identity = SsoIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.subject) == (
        employee, running.issuer, "emp-1"
    )
    linked = AuditEvent.objects.get(event_type=AuditEventType.SSO_IDENTITY_LINKED)
    assert linked.company_id == world.a.company.pk
    assert linked.actor_email == employee.email
    # The sign-in is a security event of the account, like a password sign-in (P-A7).
    tags = list(SecurityEvent.objects.filter(user=employee).values_list("tag", flat=True))
    assert tags == [Tag.LOGIN_SUCCESS]


def test_a_linked_identity_is_found_by_issuer_and_subject_not_by_email(
    world: World, running: idp.RunningProvider
) -> None:
    manager = world.a.user(perms.MANAGER)
    SsoIdentity.objects.create(user=manager, issuer=running.issuer, subject="emp-1")
    enrol_totp(manager)
    client = Client()
    _sso(client, subject="emp-1")  # the provider says employee@..., the pair says manager
    page = client.get("/accounts/2fa/authenticate/")
    assert page.status_code == 200  # the manager's second factor step
    assert SsoIdentity.objects.count() == 1


@pytest.mark.parametrize("subject", ["unverified", "stranger"])
def test_no_account_without_a_vouched_member_email(
    world: World, running: idp.RunningProvider, subject: str
) -> None:
    client = Client()
    response = _sso(client, subject=subject)
    assert response.status_code == 403
    assert not SsoIdentity.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_provider_trusted_for_email_links_an_unverified_claim_of_a_member_only(
    world: World, running: idp.RunningProvider
) -> None:
    """Some providers (Entra ID) never send ``email_verified``; a company may say it trusts
    the provider's e-mail claim. Even then only a member's address links, never a stranger's."""
    SsoProvider.objects.update(link_unverified_email=True)
    stranger = _sso(Client(), subject="stranger")
    assert stranger.status_code == 403
    client = Client()
    assert _sso(client, subject="unverified").status_code == 302
    assert client.session["_auth_user_id"] == str(world.a.user(perms.MANAGER).pk)
    assert client.get("/c/acme/").status_code == 302  # a second factor comes first, still
    identity = SsoIdentity.objects.get()
    assert (identity.user, identity.subject) == (world.a.user(perms.MANAGER), "unverified")


def test_an_injected_code_with_another_nonce_is_refused(
    world: World, running: idp.RunningProvider
) -> None:
    """A code obtained for another authorization request (say, the attacker's) carries that
    request's nonce; our callback must refuse it even with this browser's state."""
    client = Client()
    ours = urllib.parse.urlsplit(_start(client))
    params = dict(urllib.parse.parse_qsl(ours.query))
    params["nonce"] = "the-attackers-nonce"
    forged = urllib.parse.urlunsplit(ours._replace(query=urllib.parse.urlencode(params)))
    back = idp.sign_in_at_provider(forged, subject="emp-1", stop_at=CALLBACK)
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 403
    assert "nonce" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not SsoIdentity.objects.exists()


def test_state_is_single_use_and_bound_to_the_browser(
    world: World, running: idp.RunningProvider
) -> None:
    enrol_totp(world.a.user(perms.EMPLOYEE))
    client = Client()
    back = idp.sign_in_at_provider(_start(client), subject="emp-1", stop_at=CALLBACK)
    stolen = Client().get(back.removeprefix("http://testserver"))
    assert stolen.status_code == 403
    assert client.get(back.removeprefix("http://testserver")).status_code == 302
    replay = client.get(back.removeprefix("http://testserver"))
    assert replay.status_code == 403
    assert "expired or was already used" in replay.content.decode()


def test_a_token_for_another_audience_is_refused(
    world: World, running: idp.RunningProvider
) -> None:
    provider = SsoProvider.objects.get()
    token = idp.token_for(
        running, client_id="other-app", redirect_uri=CALLBACK, subject="emp-1", nonce="n-1"
    )
    with pytest.raises(oidc.OidcError, match="audience"):
        oidc.validate_id_token(provider, token, nonce="n-1")
    ours = idp.token_for(
        running, client_id="strongroom", redirect_uri=CALLBACK, subject="emp-1", nonce="n-1"
    )
    assert oidc.validate_id_token(provider, ours, nonce="n-1")["sub"] == "emp-1"
    with pytest.raises(oidc.OidcError, match="nonce"):
        oidc.validate_id_token(provider, ours, nonce="n-2")


def test_a_token_from_another_issuer_is_refused(
    world: World, running: idp.RunningProvider, keys: dict[str, Any]
) -> None:
    """Another provider signing with the very same keys: only the issuer check stops it."""
    provider = SsoProvider.objects.get()
    with idp.provider(redirect_uris=[CALLBACK], users=USERS, keys=keys) as impostor:
        token = idp.token_for(
            impostor, client_id="strongroom", redirect_uri=CALLBACK, subject="emp-1", nonce="n"
        )
    with pytest.raises(oidc.OidcError, match="another issuer"):
        oidc.validate_id_token(provider, token, nonce="n")


def test_discovery_must_name_the_configured_issuer(
    world: World, running: idp.RunningProvider
) -> None:
    provider = SsoProvider.objects.get()
    provider.issuer = running.issuer.replace("127.0.0.1", "localhost")
    with pytest.raises(oidc.OidcError, match="another issuer"):
        oidc.discover(provider)


def test_require_sso_blocks_password_sign_in_for_that_company_only(
    world: World, running: idp.RunningProvider
) -> None:
    employee = world.a.user(perms.EMPLOYEE)
    MembershipFactory(company=world.b.company, user=employee, role=perms.EMPLOYEE)
    _policy(world, require_sso=True)
    client = sign_in(Client(), employee)  # password and app code
    refused = client.get("/c/acme/members/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/sso/acme/?next=")
    api = client.get("/api/v1/companies/acme")
    assert api.status_code == 403
    assert api.json()["type"].endswith(":sign-in-policy-not-met")
    assert client.get("/c/globex/").status_code == 200
    assert client.get("/api/v1/companies/globex").status_code == 200
    # Signing in through the provider in the same session opens Acme too.
    assert _sso(client, subject="emp-1").status_code == 302
    assert client.get("/c/acme/").status_code == 200


def test_provider_mfa_counts_only_where_the_company_accepts_it(
    world: World, running: idp.RunningProvider
) -> None:
    employee = world.a.user(perms.EMPLOYEE)  # no local factor at all
    MembershipFactory(company=world.b.company, user=employee, role=perms.EMPLOYEE)
    declined = Client()
    _sso(declined, subject="emp-1", mfa=True)
    page = declined.get("/c/acme/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/2fa/totp/")

    _policy(world, accept_provider_mfa=True)
    without_mfa = Client()
    _sso(without_mfa, subject="emp-1", mfa=False)
    assert without_mfa.get("/c/acme/").status_code == 302

    accepted = Client()
    response = _sso(accepted, subject="emp-1", mfa=True)
    assert response.status_code == 302
    assert response["Location"] == "/c/acme/"
    assert accepted.get("/c/acme/").status_code == 200
    # Another company accepts neither Acme's provider as a first factor nor its MFA.
    other = accepted.get("/c/globex/")
    assert other.status_code == 302
    assert other["Location"].startswith("/accounts/reauthenticate/")


def test_a_provider_session_cannot_change_account_wide_credentials(
    world: World, running: idp.RunningProvider
) -> None:
    _policy(world, accept_provider_mfa=True)
    client = Client()
    _sso(client, subject="emp-1", mfa=True)
    assert client.get("/c/acme/").status_code == 200
    for path in ("/accounts/email/", "/accounts/password/set/"):
        refused = client.get(path)
        assert refused.status_code == 302, path
        assert refused["Location"] == "/"
