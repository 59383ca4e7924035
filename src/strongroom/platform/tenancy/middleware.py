"""Request plumbing: a request id on every request, and uniform "not found" for the web."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from strongroom.platform.access.policy import NotFound

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Take a well-formed X-Request-ID from the proxy or make one; echo it in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(12)
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class NotFoundMiddleware:
    """Turn the policy layer's NotFound into the ordinary 404 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            raise Http404("Not found.") from exception
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client address as seen by the first trusted proxy (HAProxy sets X-Real-IP)."""
    from django.conf import settings

    if settings.PRODUCTION:
        forwarded = request.headers.get("X-Real-IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None
