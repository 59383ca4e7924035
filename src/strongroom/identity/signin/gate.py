"""Entering a company: has this session satisfied *that company's* sign-in policy?

A person may belong to several companies with different policies. Signing in is one act for
the account; entering a company is checked on every request to it (web and session-based API;
API keys were created in a session that passed this gate and are bound to one company):

1. First factor: a company that requires SSO needs a sign-in through its provider (the same
   issuer) in this session. Any other company needs the account's password or passkey, or a
   sign-in through that company's own provider; a provider sign-in for another company does
   not open it.
2. Second factor: at least one second factor of this session that the company accepts: an app
   code, passkey or recovery code always; an e-mail or SMS code unless the company forbids it;
   a trusted browser only while younger than the company's window; the provider's multi-factor
   claim only from its own provider and only when the company opted in.

A refusal says what to do: sign in through the provider, or confirm a second factor the
company accepts (setting one up first when the account has none).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from strongroom.identity.factors import second_factor
from strongroom.identity.models import CodeChannel, SignInPolicy, SsoProvider
from strongroom.identity.sso import session as sso_session
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy.models import Company

SSO_REQUIRED = "sso"
SECOND_FACTOR = "second_factor"
ENROL = "enrol"
PASSWORD = "password"  # noqa: S105 (a remedy, not a password)
DAY = 86400.0


@dataclass(frozen=True)
class Refusal:
    remedy: str
    message: str


class SignInPolicyNotMet(PermissionDenied):
    """A session that does not satisfy ``company``'s policy asked to act in it."""

    problem_kind = "sign-in-policy-not-met"  # the API's problem type (api/errors.py)

    def __init__(self, refusal: Refusal, company: Company) -> None:
        super().__init__(refusal.message)
        self.refusal, self.company = refusal, company


def check(request: HttpRequest, user: User, company: Company) -> Refusal | None:
    """None when this session may enter ``company``, else what is missing."""
    from strongroom.identity.signin import selectors

    policy, provider = selectors.gate_settings(company.pk)
    records = get_authentication_records(request, user)
    through_provider = _through(records, provider)
    if policy.require_sso and not through_provider:
        name = provider.name if provider is not None else "its single sign-on provider"
        return Refusal(SSO_REQUIRED, f"{company.name} requires signing in through {name}.")
    if not through_provider and not _local_first_factor(records):
        return Refusal(PASSWORD, f"Sign in with your password or passkey to enter {company.name}.")
    if any(_accepted(r, policy, provider) for r in second_factor.mfa_records(request)):
        return None
    if _has_accepted_factor(user, policy):
        return Refusal(
            SECOND_FACTOR, f"Confirm a second factor that {company.name} accepts to continue."
        )
    return Refusal(
        ENROL, f"{company.name} does not accept e-mail or text message codes: set up an "
        "authenticator app or a passkey to continue.",
    )


def _through(records: list[dict[str, Any]], provider: SsoProvider | None) -> bool:
    return provider is not None and any(
        r.get("method") == sso_session.SSO and r.get("issuer") == provider.issuer for r in records
    )


def require_sso_lockout_check(request: HttpRequest, user: User, company: Company) -> None:
    """Before a session turns "require SSO" on: it must itself have signed in through the
    provider, so that the provider demonstrably works and nobody locks themselves out."""
    from django.core.exceptions import ValidationError

    from strongroom.identity.sso import selectors

    provider = selectors.sso_provider_for_company_id(company.pk)
    if provider is not None and not _through(get_authentication_records(request, user), provider):
        raise ValidationError({"require_sso": (
            f"Sign in through {provider.name} first (Sign in with single sign-on), so that you "
            "know it works before you require it."
        )})


def signed_in_locally(request: HttpRequest, user: User) -> bool:
    """Whether this session used the account's own password or passkey (not only a provider).
    Only such a session may set a password or change the e-mail address: a provider signs a
    person in for its company, not for the whole account."""
    return _local_first_factor(get_authentication_records(request, user))


def _local_first_factor(records: list[dict[str, Any]]) -> bool:
    return any(
        r.get("method") == "password" or (r.get("method") == "mfa" and r.get("passwordless"))
        for r in records
    )


def _accepted(record: dict[str, Any], policy: SignInPolicy, provider: SsoProvider | None) -> bool:
    kind = record.get("type")
    if kind == sso_session.PROVIDER:
        return (
            policy.accept_provider_mfa and provider is not None
            and record.get("issuer") == provider.issuer
        )
    if record.get("trusted_browser"):
        if policy.trust_browser_days <= 0:
            return False
        trusted_at = record.get("trusted_at")
        if not isinstance(trusted_at, int | float):
            # Age unknown: the cookie was valid at sign-in, so no older than the installation's
            # window; enough for a company that allows at least as long.
            return policy.trust_browser_days >= settings.STRONGROOM_TRUST_BROWSER_DAYS
        return time.time() - trusted_at < policy.trust_browser_days * DAY
    if kind == CodeChannel.Kind.EMAIL:
        return policy.allow_email_codes
    if kind == CodeChannel.Kind.SMS:
        return policy.allow_sms_codes
    return kind is not None


def _has_accepted_factor(user: User, policy: SignInPolicy) -> bool:
    if second_factor.has_app_factor(user):
        return True
    kinds = {channel.kind for channel in second_factor.code_channels(user)}
    return (CodeChannel.Kind.EMAIL in kinds and policy.allow_email_codes) or (
        CodeChannel.Kind.SMS in kinds and policy.allow_sms_codes
    )


def allowed_code_kinds(policy: SignInPolicy) -> set[str]:
    """The code channels a company accepts."""
    kinds = set()
    if policy.allow_email_codes:
        kinds.add(str(CodeChannel.Kind.EMAIL))
    if policy.allow_sms_codes:
        kinds.add(str(CodeChannel.Kind.SMS))
    return kinds
