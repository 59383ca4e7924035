"""Signing in as the real flow leaves a session: password, then a passed second factor."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from allauth.usersessions.models import UserSession
from django.test import Client

from strongroom.platform.accounts.models import User

USER_SESSION_KEY = "account_authentication_methods_user"


def enrol_totp(user: User) -> str:
    """Give ``user`` an authenticator app (once) and return its secret."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        from allauth.mfa.utils import decrypt

        return str(decrypt(existing.data["secret"]))
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (``offset`` periods away)."""
    counter = int(time.time()) // 30 + offset
    return f"{hotp_value(secret, counter):06d}"


def sign_in(client: Client, user: User) -> Client:
    """A session that passed password and TOTP, as allauth records it at sign-in."""
    authenticator_secret = enrol_totp(user)
    assert authenticator_secret
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session[USER_SESSION_KEY] = str(user.pk)
    session.save()
    # allauth's sign-in also registers the session for the "your sessions" page.
    UserSession.objects.create(
        user=user,
        session_key=session.session_key,
        ip=client.defaults.get("REMOTE_ADDR", "127.0.0.1"),
        user_agent=client.defaults.get("HTTP_USER_AGENT", ""),
    )
    return client


def second_factor_step(client: Client, code: str, *, trust: bool = False) -> Any:
    """Post a second-factor code at sign-in and answer the "trust this browser?" question."""
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    if response.status_code == 302 and response["Location"] == "/accounts/2fa/trust/":
        response = client.post(
            "/accounts/2fa/trust/", {"action": "trust" if trust else "skip"}
        )
    return response
