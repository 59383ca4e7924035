"""Operators pass the second factor only with an authenticator app or a security key: never a
recovery code, a trusted browser or a code sent by e-mail or text message (P-B4)."""

from __future__ import annotations

import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.usersessions.models import UserSession
from django.test import Client

from strongroom.platform.access import permissions as perms
from tests.auth import USER_SESSION_KEY, enrol_totp
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _session_with(client: Client, user: object, *records: dict[str, object]) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now}, *({"at": now, **r} for r in records)
    ]
    session[USER_SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
    session.save()
    UserSession.objects.create(user=user, session_key=session.session_key, ip="127.0.0.1")
    return client


@pytest.mark.parametrize(
    "record",
    [
        {"method": "mfa", "type": "recovery_codes"},
        {"method": "mfa", "trusted_browser": True},
        {"method": "mfa", "type": "email_code"},
    ],
)
def test_operators_need_an_authenticator_app_or_security_key(
    world: World, record: dict[str, object]
) -> None:
    enrol_totp(world.operator)
    client = _session_with(Client(), world.operator, record)
    response = client.get("/ops/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    member = world.a.user(perms.OWNER)
    enrol_totp(member)
    assert _session_with(Client(), member, record).get("/c/acme/").status_code == 200


@pytest.mark.parametrize("kind", ["totp", "webauthn"])
def test_operators_pass_with_totp_or_webauthn(world: World, kind: str) -> None:
    enrol_totp(world.operator)
    client = _session_with(Client(), world.operator, {"method": "mfa", "type": kind})
    assert client.get("/ops/").status_code == 200
