"""Every request of an operator's support session: still live? allowed here? (P-B5)

Runs after the second-factor gate. For an operator whose sign-in session runs a support
session it loads that session from the database (so revocation and expiry take effect at the
next request, on every instance), ends it in this browser when it is no longer live, and
refuses, whatever the grant:
- every page outside the company's own pages and API, the operator console and sign-out
  (account pages: password, e-mail, second factors, sessions);
- every write to API keys and support grants;
- under a read-only grant, every write (any method but GET, HEAD and OPTIONS).
Views and actions refuse the same through the support Actor; this is the fail-closed layer.

Every request of the session, answered or refused, is recorded in the company's audit log with
the member and the operator (``support:request``), so the company sees what support looked at.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from strongroom.api.errors import is_api_request, problem
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, Channel, user_actor
from strongroom.platform.tenancy.middleware import client_ip
from strongroom.support import actions
from strongroom.support.impersonation import SESSION_KEY, forget, is_usable, session_actor
from strongroom.support.models import EndReason, SupportSession
from strongroom.support.selectors import own_session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OPEN_PATHS = frozenset({"/", "/healthz", "/readyz", "/api/v1/openapi.json", "/api/v1/docs"})
OPEN_PREFIXES = ("/static/", "/ops/")
COMPANY_PREFIXES = ("/c/", "/api/v1/companies/")
# Under the company's pages and API: readable, never written, during support access.
CREDENTIAL_SEGMENTS = ("api-keys", "support")


class SupportSessionMiddleware:
    """Resolve and guard the running support session of an operator's request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or not getattr(user, "is_operator", False):
            return self.get_response(request)
        session_id = request.session.get(SESSION_KEY)
        if session_id is None:
            return self.get_response(request)
        session = _load(user, session_id)
        if session is None or not is_usable(session):
            forget(request)
            if session is not None:
                _close(request, session)
            if request.path.startswith(COMPANY_PREFIXES):
                return _ended(request)
            return self.get_response(request)
        request.support_session = session  # type: ignore[attr-defined]
        why = refusal(request, session)
        response = _refuse(request, why) if why else self.get_response(request)
        actions.record_support_request(
            actor=_request_actor(request, session), session=session,
            method=request.method or "GET", path=request.get_full_path(),
            status=response.status_code,
        )
        return response


def _request_actor(request: HttpRequest, session: SupportSession) -> Actor:
    return session_actor(session).with_request(
        channel=Channel.SUPPORT,
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
        request_id=getattr(request, "request_id", ""),
    )


def _close(request: HttpRequest, session: SupportSession) -> None:
    """Record the end of a session found no longer usable (its grant ran out, or the member
    or company is gone); a revoked grant has closed its sessions already."""
    if session.ended_at is not None:
        return
    why = EndReason.MEMBER_GONE if session.grant.is_live() else EndReason.EXPIRED
    actor = user_actor(session.operator).with_request(
        channel=Channel.WEB,
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
        request_id=getattr(request, "request_id", ""),
    )
    with contextlib.suppress(ValidationError):  # a concurrent request closed it first
        actions.end_support_session(actor=actor, session=session, why=why)


def _load(user: Any, session_id: Any) -> SupportSession | None:
    try:
        return own_session(user_actor(user), int(session_id))
    except (policy.NotFound, TypeError, ValueError):
        return None


def refusal(request: HttpRequest, session: SupportSession) -> str:
    """Why this request may not run in ``session`` ("" when it may)."""
    path, method = request.path, request.method or "GET"
    end_paths = (reverse("web:ops_support_end"), reverse("account_logout"))
    if path in end_paths:
        return ""
    slug = session.member.company.slug
    scopes = (f"/c/{slug}/", f"/api/v1/companies/{slug}/")
    in_company = path.startswith(scopes) or path == f"/api/v1/companies/{slug}"
    if not in_company and path not in OPEN_PATHS and not path.startswith(OPEN_PREFIXES):
        return "This page is not available during support access."
    if method in SAFE_METHODS:
        return ""
    if session.grant.read_only:
        return "The company granted read-only support access: nothing can be changed."
    rest = next((path[len(s):] for s in scopes if path.startswith(s)), "")
    if rest.split("/", 1)[0] in CREDENTIAL_SEGMENTS:
        return "API keys and support grants cannot be changed during support access."
    return ""


def _refuse(request: HttpRequest, why: str) -> HttpResponse:
    if is_api_request(request):
        return problem(request, 403, kind="support-access-refused", detail=why)
    return render(request, "support/refused.html", {"why": why}, status=403)


def _ended(request: HttpRequest) -> HttpResponse:
    why = "The support session has ended (ended, revoked or expired)."
    if is_api_request(request):
        return problem(request, 403, kind="support-session-ended", detail=why)
    messages.warning(request, why)
    return redirect("web:ops_support")
