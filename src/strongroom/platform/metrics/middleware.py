"""Counts every request by route name, method and status, and answers authorised scrapes.

First in ``MIDDLEWARE``, so it times whole requests. A ``GET /metrics`` with the right bearer
token is answered here, before sessions, the access log, the host check and the HTTPS redirect
(Prometheus scrapes each instance directly and cannot set a Host header); any other request to
``/metrics`` goes on like a request to an unknown path, and gets the same 404 (or redirect).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from strongroom.platform.metrics import exposition
from strongroom.platform.metrics.registry import request_answered


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        if (
            request.path == exposition.PATH and request.method in ("GET", "HEAD")
            and exposition.authorized(request)
        ):
            response, route = exposition.scrape(), "metrics"
        else:
            response = self.get_response(request)
            match = getattr(request, "resolver_match", None)
            route = (match.view_name if match is not None else "") or "unmatched"
        request_answered(
            route=route, method=request.method or "", status=response.status_code,
            seconds=time.perf_counter() - start,
        )
        return response
