"""The front door: where a signed-in person goes, and the health and readiness probes."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from strongroom.platform import readiness
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy.middleware import client_ip
from strongroom.platform.tenancy.selectors import companies_for_user
from strongroom.web.actor import signed_in_view

LOOPBACK = frozenset({"127.0.0.1", "::1"})


@signed_in_view
def home(request: HttpRequest) -> HttpResponse:
    """Operators go to the console; members to their company, or choose among several."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101
    if user.is_operator:
        return redirect("web:ops_home")
    choices = companies_for_user(user)
    if len(choices) == 1:
        return redirect("web:dashboard", slug=choices[0].company.slug)
    return render(request, "web/home.html", {"choices": choices})


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness (database writable, key store, cache, migrations), for load balancers. The
    failing components are named only to this machine and to operators."""
    problems = readiness.failing()
    if not problems:
        return JsonResponse({"status": "ready"})
    body: dict[str, object] = {"status": "not ready"}
    user = getattr(request, "user", None)
    if client_ip(request) in LOOPBACK or getattr(user, "is_operator", False):
        body["failing"] = problems
    return JsonResponse(body, status=503)


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers. Reveals nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})
