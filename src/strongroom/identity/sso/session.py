"""What a sign-in through a company's OpenID Connect provider leaves in the session (P-A2).

allauth keeps a list of the authentications a session went through; an SSO sign-in adds
``{"method": "sso", "issuer", "subject", "company", "provider_mfa"}``. When the provider says
it checked a second factor and the company accepts that, the second-factor stage adds an
``mfa`` record of type ``provider`` for that issuer; it counts only in companies whose provider
has that issuer and that accept provider MFA (identity/signin/gate.py).
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import (
    get_authentication_records,
    record_authentication,
)
from django.http import HttpRequest

from strongroom.platform.accounts.models import User

SSO = "sso"
PROVIDER = "provider"


def sso_records(request: HttpRequest, user: User) -> list[dict[str, Any]]:
    """This session's provider sign-ins, oldest first."""
    return [r for r in get_authentication_records(request, user) if r.get("method") == SSO]


def record_sso(
    request: HttpRequest, user: User, *, issuer: str, subject: str, company_id: int,
    provider_mfa: bool,
) -> None:
    """Note in the session that ``user`` signed in through the provider of ``company_id``."""
    record_authentication(
        request, user, SSO, issuer=issuer, subject=subject, company=company_id,
        provider_mfa=provider_mfa,
    )


def accept_provider_mfa(request: HttpRequest, user: User) -> bool:
    """At sign-in: when this session's latest provider sign-in reported multi-factor and that
    company accepts it, record it as the session's second factor (for that issuer) and say so."""
    from strongroom.identity.signin.selectors import sign_in_policy_for_company_id

    records = sso_records(request, user)
    if not records or not records[-1].get("provider_mfa"):
        return False
    latest = records[-1]
    if not sign_in_policy_for_company_id(int(latest["company"])).accept_provider_mfa:
        return False
    record_authentication(
        request, user, "mfa", type=PROVIDER, issuer=latest["issuer"], company=latest["company"]
    )
    return True
