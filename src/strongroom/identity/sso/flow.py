"""Signing in through a company's OpenID Connect provider (P-A2), between the views and the
relying party in identity/sso/oidc.py.

The person starts at ``/accounts/sso/<company>/``; the attempt's state, nonce and PKCE verifier
stay in their session, bound to that company, for ten minutes and one use. On return the ID
token is checked and the identity (issuer, subject) looked up. A first sign-in is linked to an
account only when it is certain whose it is: the account signed in in this very browser, or
the active member of that company whose e-mail the provider vouches for (``email_verified``, or
the company said its provider's e-mail is reliable). Then allauth's sign-in runs with its
stages, so the local second factor is asked for unless the company accepts the provider's.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from strongroom.identity.models import SsoIdentity, SsoProvider
from strongroom.identity.sso import actions, oidc
from strongroom.platform.access.actor import Actor, Channel
from strongroom.platform.access.policy import NotFound
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy.middleware import client_ip
from strongroom.platform.tenancy.models import Membership
from strongroom.platform.tenancy.selectors import actor_for

ATTEMPTS_KEY = "strongroom_sso_attempts"
ATTEMPT_SECONDS = 600
MAX_PENDING = 5


class SsoRefused(Exception):
    """The sign-in cannot go on; the message is for the person."""


def begin(request: HttpRequest, provider: SsoProvider, *, redirect_uri: str, next_url: str) -> str:
    """Remember a new attempt in the session and return the provider's sign-in URL."""
    attempt = oidc.new_attempt()
    pending: dict[str, Any] = request.session.get(ATTEMPTS_KEY, {})
    now = time.time()
    pending = {
        k: v for k, v in pending.items() if now - float(v.get("at", 0)) < ATTEMPT_SECONDS
    }
    while len(pending) >= MAX_PENDING:
        pending.pop(min(pending, key=lambda k: float(pending[k]["at"])))
    pending[attempt["state"]] = {
        "company": provider.company_id, "nonce": attempt["nonce"],
        "verifier": attempt["verifier"], "next": next_url, "at": now,
    }
    request.session[ATTEMPTS_KEY] = pending
    return oidc.authorization_url(provider, redirect_uri=redirect_uri, attempt=attempt)


def take_attempt(request: HttpRequest, state: str) -> dict[str, Any] | None:
    """The attempt ``state`` names, used up; None for an unknown, used or stale state."""
    pending: dict[str, Any] = request.session.get(ATTEMPTS_KEY, {})
    attempt = pending.pop(state, None) if isinstance(state, str) else None
    request.session[ATTEMPTS_KEY] = pending
    if not isinstance(attempt, dict) or time.time() - float(attempt["at"]) > ATTEMPT_SECONDS:
        return None
    return attempt


def finish(
    request: HttpRequest, provider: SsoProvider, attempt: dict[str, Any], *, code: str,
    redirect_uri: str,
) -> tuple[User, dict[str, Any]]:
    """Exchange the code, check the ID token and find (or link) the account."""
    try:
        tokens = oidc.exchange_code(
            provider, code=code, redirect_uri=redirect_uri, verifier=attempt["verifier"]
        )
        claims = oidc.validate_id_token(provider, tokens["id_token"], nonce=attempt["nonce"])
    except oidc.OidcError as exc:
        raise SsoRefused(f"Single sign-on failed: {exc}.") from None
    return _account(request, provider, claims), claims


def _account(request: HttpRequest, provider: SsoProvider, claims: dict[str, Any]) -> User:
    signed_in = request.user if request.user.is_authenticated else None
    identity = (
        SsoIdentity.objects.select_related("user")
        .filter(issuer=provider.issuer, subject=str(claims["sub"]))
        .first()
    )
    if identity is not None:
        if signed_in is not None and signed_in.pk != identity.user_id:
            raise SsoRefused("This provider account belongs to another Strongroom account.")
        _member_actor(request, identity.user, provider)
        SsoIdentity.objects.filter(pk=identity.pk).update(last_used_at=timezone.now())
        return identity.user
    candidate = signed_in if isinstance(signed_in, User) else _by_email(provider, claims)
    actor = _member_actor(request, candidate, provider)
    actions.link_sso_identity(actor=actor, issuer=provider.issuer, subject=str(claims["sub"]))
    return candidate


def _by_email(provider: SsoProvider, claims: dict[str, Any]) -> User:
    email = claims.get("email")
    vouched = claims.get("email_verified") is True or provider.link_unverified_email
    if not isinstance(email, str) or not email or not vouched:
        raise SsoRefused(
            "Your provider did not confirm your e-mail address, so this sign-in cannot be "
            "linked to an account. Sign in with your password once, then use single sign-on."
        )
    membership = (
        Membership.objects.select_related("user")
        .filter(company_id=provider.company_id, is_active=True, user__email__iexact=email.strip())
        .first()
    )
    if membership is None:
        raise SsoRefused("No member of this company has the e-mail address your provider sent.")
    return membership.user


def _member_actor(request: HttpRequest, user: User, provider: SsoProvider) -> Actor:
    try:
        actor = actor_for(user, provider.company.slug, channel=Channel.WEB)
    except NotFound:
        raise SsoRefused("Your account is not a member of this company.") from None
    return replace(
        actor, ip=client_ip(request), user_agent=request.headers.get("User-Agent", "")[:400],
        request_id=getattr(request, "request_id", ""), credential=f"sso {provider.issuer}"[:100],
    )
