"""P-A1: no company data without a second factor, for every account and every sign-in path.

A session has passed the second factor when allauth recorded an ``mfa`` authentication in it:
at sign-in (its MFA stage, extended in identity/factors/stages.py), at re-authentication, or
when the account enrolled a factor in this very session (enrolment itself proves possession).
Which of those a company accepts is its sign-in policy's business (identity/signin/gate.py).
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account.internal.flows.login import (
    get_authentication_records,
    record_authentication,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest
from django.utils import timezone

from strongroom.identity.models import CodeChannel
from strongroom.platform.accounts.models import User

MFA = "mfa"
# The factors allauth's sign-in stage asks for; recovery codes alone are not a factor.
FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# Operators (P-B4) pass only with an authenticator app or a passkey/security key: never a code
# sent by e-mail or SMS, a recovery code or a trusted browser.
OPERATOR_FACTOR_TYPES = frozenset({Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN})


def has_app_factor(user: User) -> bool:
    """An authenticator app or a passkey/security key (allauth's own factors)."""
    return is_mfa_enabled(user, FACTOR_TYPES)


def code_channels(user: User) -> list[CodeChannel]:
    """The account's e-mail and SMS code channels."""
    return list(CodeChannel.objects.filter(user_id=user.pk))


def has_second_factor(user: User) -> bool:
    """Whether the account has enrolled a second factor that can pass: an app, a passkey, or
    (not for operators) e-mail or SMS codes."""
    if has_app_factor(user):
        return True
    return not user.is_operator and CodeChannel.objects.filter(user_id=user.pk).exists()


def note_code_used(user: User, kind: str) -> None:
    """When a code channel was last used (shown on the factors page; not history)."""
    CodeChannel.objects.filter(user_id=user.pk, kind=kind).update(last_used_at=timezone.now())


def mfa_records(request: HttpRequest) -> list[dict[str, Any]]:
    """This session's second-factor records, oldest first."""
    records = get_authentication_records(request, request.user)
    return [record for record in records if _counts(request.user, record)]


def session_passed(request: HttpRequest) -> bool:
    """Whether the signed-in user proved a second factor in this session."""
    return bool(mfa_records(request))


def passed_within(request: HttpRequest, seconds: float) -> bool:
    """Whether the user proved a second factor in this session in the last ``seconds``
    (a trusted browser or a provider's claim is no proof of presence now)."""
    horizon = time.time() - seconds
    return any(
        float(r.get("at", 0)) >= horizon and not r.get("trusted_browser") and r.get("type")
        != "provider"
        for r in mfa_records(request)
    )


def trusted_since(request: HttpRequest, user: User) -> float | None:
    """When this browser was trusted for ``user`` (allauth's signed trust cookie, voided by any
    password or allauth factor change), unless a code channel changed since; else None."""
    from allauth.mfa.internal.flows.trust import (
        create_config_fingerprint,
        decode_trust_cookie,
        is_trusted_browser,
    )

    if not is_trusted_browser(request, user):
        return None
    fingerprint = create_config_fingerprint(user)
    issued = [t.at for t in decode_trust_cookie(request) if t.fingerprint == fingerprint]
    latest_change = max(
        (c.created_at.timestamp() for c in CodeChannel.objects.filter(user_id=user.pk)),
        default=0.0,
    )
    fresh = [at for at in issued if at >= latest_change]
    return float(max(fresh)) if fresh else None


def _counts(user: Any, record: dict[str, Any]) -> bool:
    """Whether an authentication record is a passed second factor for ``user``."""
    if record.get("method") != MFA:
        return False
    if getattr(user, "is_operator", False):
        return record.get("type") in OPERATOR_FACTOR_TYPES and not record.get("trusted_browser")
    return True


def record_trusted_browser(
    sender: Any, request: HttpRequest, user: User, **kwargs: Any
) -> None:
    """allauth ``user_logged_in``: a sign-in that skipped the factor because this browser holds
    a valid trust cookie counts; when it was trusted goes along (companies bound its age)."""
    if session_passed(request) or not has_second_factor(user):
        return
    since = trusted_since(request, user)
    if since is not None:
        record_authentication(request, user, MFA, trusted_browser=True, trusted_at=since)


def record_enrolment(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """allauth ``authenticator_added``: the session that enrolled a factor has just used it."""
    authenticator: Authenticator | None = kwargs.get("authenticator")
    if request is None or authenticator is None or authenticator.type not in FACTOR_TYPES:
        return
    record_authentication(
        request, authenticator.user, MFA, id=authenticator.pk, type=authenticator.type,
        enrolled=True,
    )
