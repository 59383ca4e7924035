"""What the change log (P-G6) records by itself: the version and security configuration at
each start (``strongroom serve``, ``worker``, ``migrate``) and the migrations each ``strongroom
migrate`` applied. Nothing here runs git or stores a setting's value."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError

import strongroom
from strongroom.platform.access.actor import Actor, system_actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.security.permissions import SECURITY_CHANGES

logger = logging.getLogger("strongroom.security")

# The security-relevant settings: a change of any of them is recorded by NAME (docs/operations.md).
SECURITY_SETTINGS = (
    "DEBUG", "ALLOWED_HOSTS", "SECRET_KEY", "PASSWORD_HASHERS", "AUTH_PASSWORD_VALIDATORS",
    "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "SESSION_ENGINE",
    "SESSION_COOKIE_AGE", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE", "CSRF_TRUSTED_ORIGINS", "ACCOUNT_RATE_LIMITS",
    "ACCOUNT_PREVENT_ENUMERATION", "ACCOUNT_EMAIL_VERIFICATION", "MFA_SUPPORTED_TYPES",
    "MFA_PASSKEY_LOGIN_ENABLED", "MFA_TOTP_TOLERANCE", "MFA_TRUST_ENABLED",
    "MFA_TRUST_COOKIE_AGE", "MFA_TRUST_COOKIE_SECURE", "STRONGROOM_OPEN_SIGNUP",
    "STRONGROOM_SESSION_IDLE_SECONDS", "STRONGROOM_SESSION_ABSOLUTE_SECONDS",
    "STRONGROOM_SIGNIN_FAILURES_PER_MINUTE", "STRONGROOM_TRUST_BROWSER_DAYS",
    "STRONGROOM_API_KEY_PEPPER", "STRONGROOM_API_KEY_PEPPER_PREVIOUS",
    "STRONGROOM_API_KEY_MAX_DAYS", "STRONGROOM_AUDIT_SIGNING_KEY", "STRONGROOM_AUDIT_PUBLIC_KEYS",
    "STRONGROOM_ROOT_KEY_PROVIDER", "STRONGROOM_KEY_ROTATION_COMPANY_DAYS",
    "STRONGROOM_KEY_ROTATION_ROOT_DAYS", "STRONGROOM_METRICS_TOKEN",
    "STRONGROOM_PERMISSIONS_POLICY", "STRONGROOM_BACKUP_ENABLED",
)

# (app, migration, backwards) of each migration the current ``migrate`` ran on the records
# database; recorded by ``after_migrate`` once the command has finished.
_applied: list[tuple[str, str, bool]] = []


def recorder() -> Actor:
    """The platform's own actor for what the change log records by itself."""
    actor = system_actor(job="change-log")
    return replace(actor, platform=True, permissions=frozenset({SECURITY_CHANGES, PLATFORM_VIEW}))


def current_version() -> tuple[str, str]:
    """The package version and the release commit (empty when the build did not say)."""
    return strongroom.__version__, settings.STRONGROOM_RELEASE_COMMIT.strip()[:64]


def digest(salt: str, name: str, value: Any) -> str:
    """The salted SHA-256 of one setting: comparable with the same salt, never its value."""
    return hashlib.sha256(f"{salt}\0{name}\0{value!r}".encode()).hexdigest()


def digests(salt: str) -> dict[str, str]:
    return {name: digest(salt, name, getattr(settings, name, None)) for name in SECURITY_SETTINGS}


def fingerprint(named: dict[str, str]) -> str:
    """One SHA-256 over every setting's digest."""
    joined = "\n".join(f"{name}={named[name]}" for name in sorted(named))
    return hashlib.sha256(joined.encode()).hexdigest()


def note_plan(sender: Any, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``post_migrate`` (sent once per migrate for this app): keep what the run applied."""
    if using != DEFAULT_DB_ALIAS:
        return
    for migration, backwards in kwargs.get("plan") or ():
        _applied.append((migration.app_label, migration.name, bool(backwards)))


def at_start() -> None:
    """Record a new version or a changed security configuration; a failure is logged, never
    stops the start (the database may not be migrated yet)."""
    from strongroom.security import actions

    actor = recorder()
    try:
        actions.record_version(actor=actor)
        actions.record_configuration(actor=actor)
    except DatabaseError:
        logger.exception("the change log could not record this start")


def after_migrate() -> None:
    """After ``strongroom migrate``: the migrations it applied, then the start itself."""
    from strongroom.security import actions

    applied = list(_applied)
    _applied.clear()
    if applied:
        actions.record_migrations(actor=recorder(), applied=applied)
    at_start()
