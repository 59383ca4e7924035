"""The browser session as an API credential.

``project/api.py`` tries auth classes in order; the first to return a principal wins and ninja
stores it in ``request.auth``: this class (a User, with Django's CSRF check on writes), then
API keys (``identity/apikeys/authentication.py``). Operations never see which one was used:
they get their Actor from :func:`strongroom.api.actor.company_actor`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf


class SessionAuth(APIKeyCookie):
    """The signed-in browser session. Unauthenticated requests fall through to the next class."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # not ours: let the next auth class (or the 401) answer
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user


