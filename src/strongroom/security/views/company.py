"""A company's view of the security incidents that affected it (P-G3): what happened, what was
sent to its owners, and the people concerned by name. Owners and admins (the access log's
readers) only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from strongroom.platform.access.actor import Actor
from strongroom.security import incident_selectors
from strongroom.web.actor import company_view


@company_view
def company_incidents(request: HttpRequest, actor: Actor) -> HttpResponse:
    rows = incident_selectors.company_incidents(actor)
    return render(request, "security/company_incidents.html",
                  {"rows": rows, "company": actor.company})


@company_view
def company_incident(request: HttpRequest, actor: Actor, incident_id: int) -> HttpResponse:
    seen = incident_selectors.company_incident(actor, incident_id)
    return render(request, "security/company_incident.html",
                  {"seen": seen, "incident": seen.incident, "company": actor.company})
