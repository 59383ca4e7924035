"""Security events: one's own (every signed-in user) and, for admins, their members'."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from strongroom.identity import selectors
from strongroom.identity.permissions import SECURITY_VIEW_MEMBERS
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads
from strongroom.platform.tenancy.selectors import memberships_named
from strongroom.web.actor import company_view, signed_in_view

PER_PAGE = 50


@signed_in_view
def own_security_events(request: HttpRequest) -> HttpResponse:
    """Sign-ins, failures and credential changes of one's own account, last 90 days. Not noted
    in the access log: it shows only the reader's own data (support sessions cannot open it)."""
    events = selectors.own_security_events(request.user)  # type: ignore[arg-type]
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/security_events.html", {"page": page, "show_user": False})


@company_view
def member_security_events(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The same for every active member of the company (admins). The members whose addresses
    and browsers the page shows are noted in the access log."""
    policy.require(actor, SECURITY_VIEW_MEMBERS)
    events = selectors.member_security_events(actor)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    user_ids = {event.user_id for event in page.object_list}
    shown = memberships_named(actor, user_ids=user_ids, membership_ids=set())
    note_reads(actor, shown, purpose="list")
    return render(request, "web/security_events.html", {"page": page, "show_user": True})
