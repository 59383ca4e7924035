"""django-allauth adapter: sign-up is by invitation unless explicitly opened."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from strongroom.identity import security_events, throttle
from strongroom.identity.factors import second_factor, stages
from strongroom.platform.metrics.registry import rate_limit_hit, signin_failed

FIRST_ENROLMENT_WINDOW_SECONDS = 300
FACTOR_APPS = ("allauth.mfa", "strongroom.identity")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.STRONGROOM_OPEN_SIGNUP)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Refuse early when the installation-wide ceiling is reached, then allauth's own
        per-IP and per-account limits. The message is the same whether or not the account
        exists."""
        if throttle.global_failures_exceeded():
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        """allauth's errors; its sign-in rate limits (and the ceiling above) all refuse with
        ``too_many_login_attempts``, counted here (platform/metrics)."""
        if code == "too_many_login_attempts":
            rate_limit_hit("signin")
        error: ValidationError = super().validation_error(code, *args)
        return error

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        throttle.count_failure()
        signin_failed()
        security_events.on_password_failed(request, str(credentials.get("email") or ""))
        super().authentication_failed(request, **credentials)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Enrolling the *first* factor right after signing in needs no second password prompt
        (the middleware sends new users there straight from sign-in); everything else does."""
        if app in FACTOR_APPS and self._just_signed_in_without_factor():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_login_stages(self) -> list[str]:
        """allauth's stages, with its second-factor stage extended (identity/factors/stages.py)."""
        return [
            stages.STAGE if path == stages.ALLAUTH_STAGE else path
            for path in super().get_login_stages()
        ]

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        """allauth's methods, plus the second-factor step for accounts whose only factors are
        e-mail or SMS codes (the step sends and checks them)."""
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        if (
            user.is_authenticated
            and not any(m["id"] == "mfa_reauthenticate" for m in methods)
            and second_factor.code_channels(user)
        ):
            methods.append({
                "id": "mfa_reauthenticate", "description": "Use a code by e-mail or SMS",
                "url": reverse("mfa_reauthenticate"),
            })
        return methods

    def _just_signed_in_without_factor(self) -> bool:
        request = self.request
        if request is None or not request.user.is_authenticated:
            return False
        if second_factor.has_second_factor(request.user):
            return False
        records = get_authentication_records(request, request.user)
        signed_in = [r["at"] for r in records if r.get("method") == "password"]
        return bool(signed_in) and time.time() - signed_in[-1] < FIRST_ENROLMENT_WINDOW_SECONDS
