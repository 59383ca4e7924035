"""Error pages: unknown URLs (problem+json under the API, HTML elsewhere), requests over a size
limit (413) and rate limits."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.defaults import bad_request as html_bad_request
from django.views.defaults import page_not_found as html_page_not_found

from strongroom.api.errors import is_api_request, problem, size_limit_detail, too_large
from strongroom.api.errors import not_found as api_not_found
from strongroom.platform.metrics.registry import rate_limit_hit


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An unknown API path answers exactly like a missing object (same body, no path echoed)."""
    if is_api_request(request):
        return api_not_found(request, exception)
    return html_page_not_found(request, exception)


SIZE_LIMITS = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's answer to a refused request (a SuspiciousOperation); a size limit is a 413,
    problem+json under the API, a page elsewhere. The body is never read again here."""
    if isinstance(exception, SIZE_LIMITS):
        if is_api_request(request):
            return too_large(request, exception)
        context = {"detail": size_limit_detail(exception)}
        return render(request, "413.html", context, status=413)
    if is_api_request(request):
        return problem(request, 400, kind="bad-request")
    return html_bad_request(request, exception)


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Answer of the sign-in rate limits (P-A4): wait and retry, nothing is locked."""
    rate_limit_hit("http")
    if is_api_request(request):
        return problem(request, 429, kind="rate-limited", detail="Wait a minute, then retry.")
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
