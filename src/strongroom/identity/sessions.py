"""P-A6: sessions end after an idle period and at an absolute age, and credential changes end
the account's other sessions.

Timestamps live in the session itself (server side), set when Django logs a user in; a session
without them is ended (fail closed). The idle clock, and the "last seen" of the sessions page,
are written at most once a minute rather than on every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "strongroom_signed_in_at"
LAST_SEEN_AT = "strongroom_last_seen_at"
TOUCH_EVERY_SECONDS = 60


def mark_signed_in(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Django ``user_logged_in``: start both clocks."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def end_other_sessions(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """allauth ``authenticator_removed``/``authenticator_reset``: a factor changed, so every
    other session of the account ends."""
    user = kwargs.get("user")
    if request is None or user is None:
        return
    from allauth.usersessions.internal.flows.sessions import end_other_sessions as end_others

    end_others(request, user)


def expiry_reason(request: HttpRequest, now: float) -> str:
    """Why this signed-in session must end now, or "" if it may go on."""
    signed_in_at = request.session.get(SIGNED_IN_AT)
    last_seen_at = request.session.get(LAST_SEEN_AT)
    if not isinstance(signed_in_at, int | float) or not isinstance(last_seen_at, int | float):
        return "Your session could not be verified. Please sign in again."
    if now - signed_in_at > settings.STRONGROOM_SESSION_ABSOLUTE_SECONDS:
        return "Your session reached its maximum length. Please sign in again."
    if now - last_seen_at > settings.STRONGROOM_SESSION_IDLE_SECONDS:
        return "You were signed out after a period of inactivity."
    return ""


class SessionTimeoutMiddleware:
    """End expired sessions before anything else sees the user; the request goes on as
    anonymous (sign-in page on the web, 401 in the API)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            reason = expiry_reason(request, now)
            if reason:
                logout(request)
                messages.info(request, reason)
            elif now - request.session[LAST_SEEN_AT] >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_AT] = now
                # The sessions page's "last seen" (allauth usersessions), at the same pace.
                UserSession.objects.create_from_request(request)
        return self.get_response(request)
