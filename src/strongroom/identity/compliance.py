"""Live checks of the identity promises (P-A1 … P-A7) for the compliance report: settings and
counts only, never an account's name or address."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher
from django.db.models import Q
from django.utils import timezone

from strongroom.identity.factors.second_factor import FACTOR_TYPES
from strongroom.identity.models import ApiKey, CodeChannel, SecurityEvent, SignInPolicy, SsoProvider
from strongroom.identity.passwords import SecondFactorAwareMinimumLengthValidator
from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import (
    Outcome,
    check,
    failed,
    passed,
    warned,
)

FACTOR_GATE = "strongroom.project.middleware.SecondFactorMiddleware"
MAX_KEY_DAYS = 731


@check("P-A1", "Two-factor by default")
def two_factor(actor: Actor) -> Outcome:
    """Every active account has a second factor; the gate that forces enrolment is on."""
    active = get_user_model().objects.filter(is_active=True)
    with_app = Authenticator.objects.filter(type__in=FACTOR_TYPES).values("user_id")
    with_code = CodeChannel.objects.values("user_id")
    enrolled = active.filter(Q(pk__in=with_app) | Q(pk__in=with_code, is_operator=False)).count()
    total = active.count()
    gate_on = FACTOR_GATE in settings.MIDDLEWARE
    evidence = {
        "active_accounts": total, "with_second_factor": enrolled,
        "share_with_second_factor": round(enrolled / total, 3) if total else None,
        "enrolment_gate": gate_on,
        "companies_forbidding_code_factors": SignInPolicy.objects.filter(
            Q(allow_email_codes=False) | Q(allow_sms_codes=False)
        ).count(),
    }
    if not gate_on:
        return failed(f"{FACTOR_GATE} is not in MIDDLEWARE", **evidence)
    if enrolled < total:
        return warned(
            f"{total - enrolled} active account(s) have not enrolled yet; the gate keeps them "
            "from company data until they do", **evidence,
        )
    return passed("every active account has a second factor; the gate is on", **evidence)


@check("P-A2", "Third-party login (OIDC)")
def third_party_login(actor: Actor) -> Outcome:
    evidence = {
        "providers": SsoProvider.objects.count(),
        "companies_requiring_sso": SignInPolicy.objects.filter(require_sso=True).count(),
        "companies_accepting_provider_mfa": SignInPolicy.objects.filter(
            accept_provider_mfa=True).count(),
    }
    return warned("partial: OpenID Connect only; Entra ID and Google are documented, not "
                  "exercised (docs/promises.md)", **evidence)


@check("P-A3", "API keys")
def api_keys(actor: Actor) -> Outcome:
    now = timezone.now()
    keys = ApiKey.objects.all()
    too_long = keys.filter(
        revoked_at__isnull=True, expires_at__gt=now + timedelta(days=MAX_KEY_DAYS)
    ).count()
    evidence = {
        "live": keys.filter(revoked_at__isnull=True, expires_at__gt=now).count(),
        "expired": keys.filter(revoked_at__isnull=True, expires_at__lte=now).count(),
        "revoked": keys.filter(revoked_at__isnull=False).count(),
        "longer_than_two_years": too_long,
        "pepper_configured": bool(settings.STRONGROOM_API_KEY_PEPPER),
    }
    if too_long:
        return failed(f"{too_long} live key(s) expire more than two years ahead", **evidence)
    return passed("keys stored as HMACs under the pepper; none lives beyond two years",
                  **evidence)


@check("P-A4", "Brute-force resistance")
def brute_force(actor: Actor) -> Outcome:
    limits = getattr(settings, "ACCOUNT_RATE_LIMITS", None) or {}
    evidence = {
        "rate_limits": sorted(limits), "login_failed": limits.get("login_failed"),
        "installation_ceiling_per_minute": settings.STRONGROOM_SIGNIN_FAILURES_PER_MINUTE,
        "prevent_enumeration": settings.ACCOUNT_PREVENT_ENUMERATION,
        "shared_cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
    }
    if not limits.get("login_failed") or settings.ACCOUNT_PREVENT_ENUMERATION is not True:
        return failed("failed sign-ins are not limited or accounts can be enumerated", **evidence)
    return passed("per-address, per-account and installation-wide limits in a shared cache",
                  **evidence)


@check("P-A5", "Passwords")
def passwords(actor: Actor) -> Outcome:
    hasher = get_hasher("default")
    configured = cast(list[dict[str, Any]], settings.AUTH_PASSWORD_VALIDATORS)
    validators = [str(item["NAME"]).rsplit(".", 1)[-1] for item in configured]
    length = SecondFactorAwareMinimumLengthValidator()
    unusable, argon2 = "!", "argon2$"  # hash prefixes: no usable password; Argon2id
    users = get_user_model().objects.exclude(password="").exclude(password__startswith=unusable)
    evidence = {
        "hasher": hasher.algorithm, "validators": validators,
        "min_length_with_second_factor": length.min_length,
        "min_length_password_only": length.single_factor_min_length,
        "hashes_needing_upgrade": users.exclude(password__startswith=argon2).count(),
    }
    if hasher.algorithm != "argon2" or "CommonPasswordValidator" not in validators:
        return failed("passwords are not hashed with Argon2id or not checked against the "
                      "common-password list", **evidence)
    return warned("partial: Argon2id and length rules hold; the breached-password list is "
                  "Django's common list (docs/promises.md)", **evidence)


@check("P-A6", "Sessions")
def sessions(actor: Actor) -> Outcome:
    evidence = {
        "production": settings.PRODUCTION,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "secure": settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE,
        "httponly": settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY,
        "samesite": settings.SESSION_COOKIE_SAMESITE,
        "idle_seconds": settings.STRONGROOM_SESSION_IDLE_SECONDS,
        "absolute_seconds": settings.STRONGROOM_SESSION_ABSOLUTE_SECONDS,
    }
    if not evidence["httponly"] or evidence["samesite"] not in ("Lax", "Strict"):
        return failed("session cookies are readable by scripts or sent cross-site", **evidence)
    if not settings.PRODUCTION:
        return warned("development: cookies are not Secure and have no __Host- prefix here",
                      **evidence)
    if not (evidence["secure"] and settings.SESSION_COOKIE_NAME.startswith("__Host-")):
        return failed("production cookies are not Secure with a __Host- prefix", **evidence)
    return passed("Secure, HttpOnly, SameSite __Host- cookies; idle and absolute time-outs",
                  **evidence)


@check("P-A7", "Security events")
def security_events(actor: Actor) -> Outcome:
    since = timezone.now() - timedelta(days=30)
    recent = SecurityEvent.objects.filter(occurred_at__gte=since)
    evidence = {
        "events_last_30_days": recent.count(),
        "sign_ins_last_30_days": recent.filter(tag="account:login:success").count(),
        "retention_days": settings.STRONGROOM_SECURITY_EVENT_RETENTION_DAYS,
    }
    return passed("security events are recorded and kept", **evidence)
