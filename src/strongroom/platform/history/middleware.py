"""Writes the access log of each web and API request when it ends (P-G4)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from strongroom.platform.history import read_log


class AccessLogMiddleware:
    """Opens a unit of work per request: the reads it notes are written together at its end."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with read_log.unit_of_work():
            return self.get_response(request)
