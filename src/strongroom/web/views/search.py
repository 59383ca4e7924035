"""The search page of the header's search box: people, organisations, invoices, documents and
expense claims, each section only when the actor may see its area."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.tenancy.permissions import COMPANY_VIEW
from strongroom.web import search as sections
from strongroom.web.actor import company_view
from strongroom.web.forms import SearchForm


@company_view
def search(request: HttpRequest, actor: Actor) -> HttpResponse:
    """What the query finds in each area the actor may see (shown records are access-logged)."""
    policy.require(actor, COMPANY_VIEW)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    return render(request, "web/search.html", {
        "form": form, "query": query, "search_query": query,
        "results": sections.search(actor, query),
    })
