"""P-A1/P-A2: each company's sign-in policy decides which of this session's factors count
there; a person in several companies must satisfy each one before entering it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from strongroom.identity.models import CodeChannel, SignInPolicy, SsoProvider
from strongroom.platform.access import permissions as perms
from strongroom.platform.accounts.models import User
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AuditEvent
from tests.auth import enrol_totp, second_factor_step, sign_in, totp_code
from tests.clock import advance_clock
from tests.conftest import World
from tests.factories import TEST_PASSWORD, MembershipFactory
from tests.identity.test_codes import SIGN_IN_STEP, _mailed_code


def _in_both(world: World) -> User:
    user = world.a.user(perms.EMPLOYEE)
    MembershipFactory(company=world.b.company, user=user, role=perms.EMPLOYEE)
    return user


def _policy(world: World, **settings: Any) -> None:
    SignInPolicy.objects.update_or_create(company=world.a.company, defaults=settings)


def _password(client: Client, email: str) -> None:
    client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})


def _signed_in_with_an_email_code(user: User, outbox: list[Any]) -> Client:
    CodeChannel.objects.create(user=user, kind=CodeChannel.Kind.EMAIL)
    client = Client()
    _password(client, user.email)
    client.post(SIGN_IN_STEP, {"send_code": "email"})
    second_factor_step(client, _mailed_code(outbox))
    return client


def test_a_company_that_forbids_email_codes_asks_for_a_stronger_factor(
    world: World, smtp_outbox: list[Any]
) -> None:
    user = _in_both(world)
    secret = enrol_totp(user)
    _policy(world, allow_email_codes=False)
    client = _signed_in_with_an_email_code(user, smtp_outbox)
    assert client.get("/c/globex/").status_code == 200  # Globex accepts e-mail codes
    refused = client.get("/c/acme/members/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/2fa/reauthenticate/")
    api = client.get("/api/v1/companies/acme/members")
    assert api.status_code == 403
    assert api.json()["type"].endswith(":sign-in-policy-not-met")
    step = client.get(refused["Location"]).content.decode()
    assert "does not accept" not in step
    assert "Send a code to" not in step  # e-mail is not offered for Acme
    client.post(refused["Location"], {"code": totp_code(secret)})
    assert client.get("/c/acme/members/").status_code == 200


def test_an_account_with_only_refused_factors_is_sent_to_set_up_another(
    world: World, smtp_outbox: list[Any]
) -> None:
    user = world.a.user(perms.EMPLOYEE)
    _policy(world, allow_email_codes=False)
    client = _signed_in_with_an_email_code(user, smtp_outbox)
    refused = client.get("/c/acme/")
    assert refused["Location"].startswith("/accounts/2fa/?next=")
    notice = client.get(refused["Location"]).content.decode()
    assert "authenticator app or a passkey" in notice


def test_a_trusted_browser_counts_only_within_each_company_window(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = _in_both(world)
    secret = enrol_totp(user)
    client = Client()
    _password(client, user.email)
    second_factor_step(client, totp_code(secret), trust=True)
    client.post("/accounts/logout/")
    advance_clock(monkeypatch, 8 * 86400)
    _password(client, user.email)  # the trusted browser skips the code
    assert client.get("/c/globex/").status_code == 200  # default window: 30 days
    _policy(world, trust_browser_days=7)
    assert client.get("/c/acme/")["Location"].startswith("/accounts/2fa/reauthenticate/")
    _policy(world, trust_browser_days=0)
    assert client.get("/c/acme/")["Location"].startswith("/accounts/2fa/reauthenticate/")
    _policy(world, trust_browser_days=10)
    assert client.get("/c/acme/").status_code == 200


def test_admins_change_the_policy_on_the_settings_page(world: World) -> None:
    client = sign_in(Client(), world.a.user(perms.ADMIN))
    page = client.get("/c/acme/settings/sign-in/")
    assert page.status_code == 200
    assert "SIM swap" in page.content.decode()  # the risk is stated
    saved = client.post(
        "/c/acme/settings/sign-in/", {"allow_sms_codes": "on", "trust_browser_days": "14"}
    )
    assert saved.status_code == 302
    policy = SignInPolicy.objects.get(company=world.a.company)
    assert (policy.allow_email_codes, policy.allow_sms_codes, policy.trust_browser_days) == (
        False, True, 14
    )
    entry = AuditEvent.objects.get(event_type=AuditEventType.SIGNIN_POLICY_UPDATED)
    assert entry.changes["allow_email_codes"] == [None, False]
    bad = client.post("/c/acme/settings/sign-in/", {"require_sso": "on", "trust_browser_days": "x"})
    assert bad.status_code == 422
    refused = client.post(
        "/c/acme/settings/sign-in/", {"require_sso": "on", "trust_browser_days": "30"}
    )
    assert refused.status_code == 422
    assert "Set up a single sign-on provider first" in refused.content.decode()


def test_the_api_validates_policy_and_provider_with_field_errors(world: World) -> None:
    client = sign_in(Client(), world.a.user(perms.ADMIN))

    def patch(body: dict[str, Any]) -> Any:
        return client.patch("/api/v1/companies/acme/sign-in-policy", json.dumps(body),
                            content_type="application/json")

    too_long = patch({"trust_browser_days": 400})
    assert too_long.status_code == 422
    assert "trust_browser_days" in too_long.json()["errors"]
    no_provider = patch({"require_sso": True})
    assert no_provider.status_code == 422
    assert "require_sso" in no_provider.json()["errors"]

    put = client.put(
        "/api/v1/companies/acme/sso-provider",
        json.dumps({"name": "Acme ID", "issuer": "http://idp.example.test", "client_id": "x"}),
        content_type="application/json",
    )
    assert put.status_code == 422
    assert set(put.json()["errors"]) == {"issuer", "client_secret"}
    secret = "a-client-secret-value"
    put = client.put(
        "/api/v1/companies/acme/sso-provider",
        json.dumps({"name": "Acme ID", "client_id": "x", "client_secret": secret,
                    "issuer": "https://idp.example.test/.well-known/openid-configuration"}),
        content_type="application/json",
    )
    assert put.status_code == 200
    assert put.json()["issuer"] == "https://idp.example.test"
    assert secret not in put.content.decode()
    assert SsoProvider.objects.get().client_secret == secret
    untried = patch({"require_sso": True})  # this session never signed in through it
    assert untried.status_code == 422
    assert "first" in untried.json()["errors"]["require_sso"][0]
    assert patch({"accept_provider_mfa": True}).json()["accept_provider_mfa"] is True
    removal = client.delete("/api/v1/companies/acme/sso-provider")
    assert removal.status_code == 422  # the policy still relies on it
    assert SsoProvider.objects.exists()
