"""P-A1: a second factor for everyone, before any company page or API call."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.test import Client

from strongroom.identity import adapter as identity_adapter
from tests.auth import enrol_totp, second_factor_step, sign_in, totp_code
from tests.clock import advance_clock
from tests.conftest import World
from tests.factories import TEST_PASSWORD


def _password(client: Client, email: str) -> Any:
    return client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})


def _methods(client: Client) -> list[str]:
    return [r["method"] for r in client.session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])]


def _enrol(client: Client) -> None:
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]{32})"', page)
    assert secret is not None, "the activation page shows the secret"
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret.group(1))})
    assert response.status_code == 302, response.content


def test_password_alone_reaches_no_company_page_or_api(world: World) -> None:
    client = Client()
    assert _password(client, "owner@acme.test").status_code == 302
    page = client.get("/c/acme/")
    assert page.status_code == 302
    assert page["Location"] == "/accounts/2fa/totp/activate/?next=%2Fc%2Facme%2F"
    enrolment = client.get(page["Location"]).content.decode()
    assert "Every Strongroom account needs a second factor" in enrolment
    api = client.get("/api/v1/companies/acme")
    assert api.status_code == 403
    assert api["Content-Type"] == "application/problem+json"
    assert "Set up a second factor" in api.json()["detail"]
    assert client.get("/ops/").status_code == 302


def test_operators_are_not_exempt(world: World) -> None:
    client = Client()
    client.force_login(world.operator)
    response = client.get("/ops/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/openapi.json", "/accounts/2fa/"])
def test_open_paths_stay_reachable_while_enrolling(world: World, path: str) -> None:
    client = Client()
    client.force_login(world.a.user("owner"))
    assert client.get(path).status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth announces the new factor after commit
def test_enrolling_right_after_sign_in_opens_the_company(world: World) -> None:
    client = Client()
    _password(client, "owner@acme.test")
    _enrol(client)
    assert "mfa" in _methods(client)
    assert client.get("/c/acme/").status_code == 200
    owner = world.a.user("owner")
    types = set(Authenticator.objects.filter(user=owner).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_enrolling_long_after_sign_in_asks_for_the_password_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    _password(client, "owner@acme.test")
    advance_clock(monkeypatch, identity_adapter.FIRST_ENROLMENT_WINDOW_SECONDS + 1)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_sign_in_with_a_code_and_the_code_is_single_use(world: World) -> None:
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    client = Client()
    response = _password(client, owner.email)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/c/acme/").status_code == 302  # not signed in yet
    code = totp_code(secret)
    assert second_factor_step(client, code).status_code == 302
    assert client.get("/c/acme/").status_code == 200
    assert _methods(client) == ["password", "mfa"]

    replay = Client()
    _password(replay, owner.email)
    refused = replay.post("/accounts/2fa/authenticate/", {"code": code})
    assert refused.status_code == 200
    assert "Incorrect code" in refused.content.decode()
    assert replay.get("/c/acme/").status_code == 302


def test_a_wrong_code_is_refused(world: World) -> None:
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    client = Client()
    _password(client, owner.email)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    assert "Incorrect code" in client.post(
        "/accounts/2fa/authenticate/", {"code": wrong}
    ).content.decode()


def test_an_enrolled_user_with_an_unverified_session_must_re_authenticate(world: World) -> None:
    """A session that never passed the factor (however it came about) is sent to prove it."""
    owner = world.a.user("owner")
    enrol_totp(owner)
    client = Client()
    client.force_login(owner)
    response = client.get("/c/acme/members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    api = client.get("/api/v1/companies/acme/members")
    assert api.status_code == 403
    assert "Pass your second factor" in api.json()["detail"]


def test_the_helper_session_matches_the_real_flow(world: World) -> None:
    """tests.auth.sign_in must leave what a real sign-in leaves, or the matrix proves nothing."""
    real = Client()
    owner = world.a.user("owner")
    secret = enrol_totp(owner)
    _password(real, owner.email)
    second_factor_step(real, totp_code(secret))
    helper = sign_in(Client(), owner)
    assert _methods(real) == _methods(helper) == ["password", "mfa"]
    tracked = set(UserSession.objects.filter(user=owner).values_list("session_key", flat=True))
    assert tracked == {real.session.session_key, helper.session.session_key}
