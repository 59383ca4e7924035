"""P-A7: security events of accounts, and the e-mails that go with the important ones."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from strongroom.identity.models import SecurityEvent
from strongroom.platform.accounts.models import User
from strongroom.platform.jobs import mail
from strongroom.platform.tenancy.middleware import client_ip


@dataclass(frozen=True)
class _Site:
    name: str
    domain: str


SITE_NAME = "Strongroom"


class Tag(enum.StrEnum):
    """Stable, namespaced names (``area:subject:verb``)."""

    LOGIN_SUCCESS = "account:login:success"
    LOGIN_FAILURE = "account:login:failure"
    LOGOUT = "account:logout"
    SECOND_FACTOR_ADDED = "account:2fa:added"
    SECOND_FACTOR_REMOVED = "account:2fa:removed"
    SECOND_FACTOR_RESET = "account:2fa:reset"
    SECOND_FACTOR_FAILURE = "account:2fa:failure"
    RECOVERY_CODE_USED = "account:2fa:recovery_code_used"
    PASSWORD_CHANGED = "account:password:changed"  # noqa: S105 (an event name)
    PASSWORD_RESET = "account:password:reset"  # noqa: S105 (an event name)
    APIKEY_CREATED = "account:apikey:created"
    APIKEY_REVOKED = "account:apikey:revoked"
    DEACTIVATED = "account:deactivated"
    REACTIVATED = "account:reactivated"
    SESSIONS_ENDED = "account:sessions:ended"


# What each event is called on the security pages (the tag stays in the API and a details toggle).
TAG_LABELS = {
    Tag.LOGIN_SUCCESS: "Signed in",
    Tag.LOGIN_FAILURE: "Wrong password",
    Tag.LOGOUT: "Signed out",
    Tag.SECOND_FACTOR_ADDED: "Second factor added",
    Tag.SECOND_FACTOR_REMOVED: "Second factor removed",
    Tag.SECOND_FACTOR_RESET: "Second factors reset",
    Tag.SECOND_FACTOR_FAILURE: "Wrong second-factor code",
    Tag.RECOVERY_CODE_USED: "Recovery code used",
    Tag.PASSWORD_CHANGED: "Password changed",
    Tag.PASSWORD_RESET: "Password reset",
    Tag.APIKEY_CREATED: "API key created",
    Tag.APIKEY_REVOKED: "API key revoked",
    Tag.DEACTIVATED: "Account deactivated",
    Tag.REACTIVATED: "Account reactivated",
    Tag.SESSIONS_ENDED: "Sessions ended",
}


def device_of(user_agent: str) -> str:
    """A short fingerprint of the browser (user agent), to notice sign-ins from new devices."""
    return hashlib.sha256(user_agent.encode()).hexdigest()[:16] if user_agent else ""


def record(
    user: User,
    tag: Tag,
    *,
    request: HttpRequest | None = None,
    ip: str | None = None,
    user_agent: str = "",
    **details: Any,
) -> SecurityEvent:
    """Store one event with the address and browser of ``request`` (or those given)."""
    if request is not None:
        origin = _origin(request)
        ip, user_agent = origin["ip"], origin["user_agent"]
    user_agent = user_agent[:400]
    return SecurityEvent.objects.create(
        user=user,
        tag=str(tag),
        ip=ip,
        user_agent=user_agent,
        device=device_of(user_agent),
        details={key: value for key, value in details.items() if value is not None},
    )


def notify(
    user: User, template: str, *, ip: str | None, user_agent: str, **context: Any
) -> None:
    """E-mail the account holder what happened, when, from which address and browser.

    Rendered from ``<template>_subject.txt`` and ``<template>_message.txt`` (allauth's
    notification layout) and queued for the worker after the transaction commits
    (``platform/jobs/mail.py``), so it works with or without a request (the CLI, jobs) and a
    mail server that is down fails no request.
    """
    values = {
        "timestamp": timezone.now(),
        "ip": ip or "unknown",
        "user_agent": user_agent[:400] or "unknown",
        "user": user,
        "current_site": _Site(SITE_NAME, next(iter(settings.ALLOWED_HOSTS), "")),
        **context,
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", values).split())
    body = render_to_string(f"{template}_message.txt", values)
    mail.send_after_commit(subject=f"[{SITE_NAME}] {subject}", body=body, to=[user.email])


def _origin(request: HttpRequest) -> dict[str, Any]:
    """Where a request came from: client address and browser, as events and mails show them."""
    return {"ip": client_ip(request), "user_agent": request.headers.get("User-Agent", "")}


# -- signal receivers (connected in identity's AppConfig.ready) --------------------------------


def on_logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """allauth ``user_logged_in``: record it and e-mail sign-ins from a browser never seen."""
    device = device_of(request.headers.get("User-Agent", ""))
    seen = SecurityEvent.objects.filter(
        user=user, tag=Tag.LOGIN_SUCCESS, device=device
    ).exists()
    record(user, Tag.LOGIN_SUCCESS, request=request, new_device=not seen or None)
    if not seen:
        notify(user, "account/email/new_device_sign_in", **_origin(request))


def on_logged_out(sender: Any, request: HttpRequest, user: User | None = None, **kw: Any) -> None:
    if user is not None and user.is_authenticated:
        record(user, Tag.LOGOUT, request=request)


def on_password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(user, Tag.PASSWORD_CHANGED, request=request)


def on_password_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(user, Tag.PASSWORD_RESET, request=request)


def on_factor_added(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(user, Tag.SECOND_FACTOR_ADDED, request=request, type=_type(kwargs))


def on_factor_removed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(user, Tag.SECOND_FACTOR_REMOVED, request=request, type=_type(kwargs))


def on_factor_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(user, Tag.SECOND_FACTOR_RESET, request=request, type=_type(kwargs))


def on_factor_used(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """Only recovery codes are worth an event and an e-mail: the others are ordinary sign-ins."""
    if _type(kwargs) == "recovery_codes":
        record(user, Tag.RECOVERY_CODE_USED, request=request)
        notify(user, "account/email/recovery_code_used", **_origin(request))


def on_factor_failed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(user, Tag.SECOND_FACTOR_FAILURE, request=request)


def on_password_failed(request: HttpRequest, email: str) -> None:
    """A wrong password for an existing account (unknown addresses are not recorded)."""
    user = User.objects.filter(email__iexact=email.strip()).first() if email else None
    if user is not None:
        record(user, Tag.LOGIN_FAILURE, request=request)


def _type(kwargs: dict[str, Any]) -> str | None:
    authenticator = kwargs.get("authenticator")
    return str(authenticator.type) if authenticator is not None else None
