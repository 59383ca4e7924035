"""Error pages: unknown URLs (problem+json under the API, HTML elsewhere) and rate limits."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.defaults import page_not_found as html_page_not_found

from strongroom.api.errors import is_api_request, problem
from strongroom.api.errors import not_found as api_not_found
from strongroom.platform.metrics.registry import rate_limit_hit


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An unknown API path answers exactly like a missing object (same body, no path echoed)."""
    if is_api_request(request):
        return api_not_found(request, exception)
    return html_page_not_found(request, exception)


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Answer of the sign-in rate limits (P-A4): wait and retry, nothing is locked."""
    rate_limit_hit("http")
    if is_api_request(request):
        return problem(request, 429, kind="rate-limited", detail="Wait a minute, then retry.")
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
