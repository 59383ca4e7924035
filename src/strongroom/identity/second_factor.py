"""P-A1: no company data without a second factor, for every account and every sign-in path.

A session has passed the second factor when allauth recorded an ``mfa`` authentication in it:
at sign-in (its MFA stage), at re-authentication, or when the account enrolled its first factor
in this very session (enrolment itself proves possession of the new factor).
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

from strongroom.platform.accounts.models import User

MFA = "mfa"
# The factors allauth's sign-in stage asks for; recovery codes alone are not a factor.
FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# Operators (P-B4) pass only with an authenticator app or a passkey/security key: never a code
# sent by e-mail or SMS, a recovery code or a trusted browser.
OPERATOR_FACTOR_TYPES = frozenset({Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN})


def has_second_factor(user: User) -> bool:
    """Whether the account has enrolled a second factor, as allauth's sign-in decides it."""
    return is_mfa_enabled(user, FACTOR_TYPES)


def session_passed(request: HttpRequest) -> bool:
    """Whether the signed-in user proved a second factor in this session."""
    records = get_authentication_records(request, request.user)
    return any(_counts(request.user, record) for record in records)


def passed_within(request: HttpRequest, seconds: float) -> bool:
    """Whether the user proved a second factor in this session in the last ``seconds``."""
    records = get_authentication_records(request, request.user)
    horizon = time.time() - seconds
    return any(_counts(request.user, r) and float(r.get("at", 0)) >= horizon for r in records)


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
    a valid trust cookie (issued after a factor, voided by any credential change) counts."""
    from allauth.mfa.internal.flows.trust import is_trusted_browser

    if session_passed(request) or not has_second_factor(user):
        return
    if is_trusted_browser(request, user):
        record_authentication(request, user, MFA, trusted_browser=True)


def record_enrolment(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """allauth ``authenticator_added``: the session that enrolled a factor has just used it."""
    authenticator: Authenticator | None = kwargs.get("authenticator")
    if request is None or authenticator is None or authenticator.type not in FACTOR_TYPES:
        return
    record_authentication(
        request, authenticator.user, MFA, id=authenticator.pk, type=authenticator.type,
        enrolled=True,
    )
