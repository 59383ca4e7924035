"""Security events: one's own (every signed-in user) and, for admins, their members'."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from strongroom.identity import selectors
from strongroom.platform.tenancy.actor import Actor
from strongroom.web.actor import company_view, signed_in_view

PER_PAGE = 50


@signed_in_view
def own_security_events(request: HttpRequest) -> HttpResponse:
    """Sign-ins, failures and credential changes of one's own account, last 90 days."""
    events = selectors.own_security_events(request.user)  # type: ignore[arg-type]
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/security_events.html", {"page": page, "show_user": False})


@company_view
def member_security_events(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The same for every active member of the company (admins)."""
    events = selectors.member_security_events(actor)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/security_events.html", {"page": page, "show_user": True})
