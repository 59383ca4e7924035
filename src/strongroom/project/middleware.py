"""Project-wide middleware for both the web and the API: the second factor every signed-in
session must pass, and the headers that keep browsers and proxies from misusing an answer.

The second factor: a signed-in session that has not passed one is refused (the web redirects to
enrolment or re-authentication, the API answers problem+json); the rule itself is in
identity.factors.second_factor.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from strongroom.api.errors import is_api_request, problem
from strongroom.identity.factors import second_factor
from strongroom.identity.signin import gate

# Reachable without a second factor: sign-in, enrolment, sign-out and account pages (allauth),
# static files, the health probe and the public API description.
OPEN_PREFIXES = ("/accounts/", "/static/")
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/api/v1/openapi.json", "/api/v1/docs"})
# Account-wide credentials: not for a session that only signed in through a company's provider.
LOCAL_SIGN_IN_ONLY = ("account_email", "account_set_password")


class SecondFactorMiddleware:
    """Fail closed: a signed-in user without a passed second factor reaches only OPEN paths."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not _is_open(request.path)
            and not second_factor.session_passed(request)
        ):
            return self._refuse(request)
        if user.is_authenticated and request.path in _local_only_paths() and (
            not gate.signed_in_locally(request, user)
        ):
            messages.error(
                request,
                "You signed in through your company's provider. Sign in with your password to "
                "change your account's e-mail address or password.",
            )
            return HttpResponseRedirect(reverse("web:home"))
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        enrolled = second_factor.has_second_factor(request.user)  # type: ignore[arg-type]
        if is_api_request(request):
            return problem(
                request, 403, kind="second-factor-required",
                detail=(
                    "Pass your second factor in this session first."
                    if enrolled else "Set up a second factor before using Strongroom."
                ),
            )
        if getattr(request.user, "is_operator", False) and enrolled:
            notice = (
                "Operators confirm it is them with an authenticator app or a security key "
                "(not a recovery code or a code sent by e-mail or text message)."
            )
        elif enrolled:
            notice = "Confirm it is you with your second factor to continue."
        else:
            notice = "Every Strongroom account needs a second factor. Set one up to continue."
        messages.info(request, notice)
        target = reverse("mfa_reauthenticate" if enrolled else "mfa_activate_totp")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


def _local_only_paths() -> set[str]:
    return {reverse(name) for name in LOCAL_SIGN_IN_ONLY}


def _is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


class ResponseHeadersMiddleware:
    """``Permissions-Policy`` on every answer, and ``Cache-Control: private, no-store`` on every
    answer to a signed-in session and every API answer, so that no browser cache or proxy keeps
    company or personal data. Static files never reach the session layer, so they keep
    WhiteNoise's long caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.STRONGROOM_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)  # absent when answered above authentication
        if is_api_request(request) or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
