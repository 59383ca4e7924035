"""Error pages for URLs that match no route: problem+json under the API, HTML elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.defaults import page_not_found as html_page_not_found

from strongroom.api.errors import not_found as api_not_found

API_PREFIX = "/api/"


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An unknown API path answers exactly like a missing object (same body, no path echoed)."""
    if request.path.startswith(API_PREFIX):
        return api_not_found(request, exception)
    return html_page_not_found(request, exception)
