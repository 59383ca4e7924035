"""Organisations: list, add, view, change, delete."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.display import history_tab
from strongroom.platform.history.read_log import note_reads
from strongroom.records.contacts import actions, selectors
from strongroom.records.contacts.forms import OrganisationFilterForm, OrganisationForm
from strongroom.records.contacts.permissions import CONTACT_MANAGE, CONTACT_VIEW
from strongroom.records.contacts.validation import ORGANISATION_FIELDS
from strongroom.records.documents.selectors import attached_context
from strongroom.records.invoices import selectors as invoice_selectors
from strongroom.records.invoices.permissions import INVOICE_VIEW
from strongroom.web.actor import company_view
from strongroom.web.list_export import export_format, list_download
from strongroom.web.refusals import refusal_shown

PER_PAGE = 50
ORGANISATION_COLUMNS = (
    ("Name", lambda o: o.name), ("Organisation number", lambda o: o.organisation_number),
    ("VAT id", lambda o: o.vat_id), ("E-mail", lambda o: o.email), ("Phone", lambda o: o.phone),
    ("Website", lambda o: o.website), ("Address", lambda o: o.address),
    ("Postal code", lambda o: o.postal_code), ("City", lambda o: o.city),
    ("Country", lambda o: o.country), ("Id", lambda o: o.pk),
)


@company_view
def organisation_list(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    """Organisations, searchable, filtered by country, sorted and paginated."""
    policy.require(actor, CONTACT_VIEW)
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    found = selectors.organisations(
        actor, q=filters.get("q", ""), country=filters.get("country", ""),
        sort=filters.get("sort") or "name",
    )
    if kind := export_format(request):
        return list_download(
            actor, kind, name="organisations", columns=ORGANISATION_COLUMNS, rows=found
        )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "contacts/organisations.html",
        {"form": form, "page": page, "filtered": any(filters.values()), "list_export": True},
    )


@company_view
def organisation_add(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Add an organisation."""
    company = actor.company
    assert company is not None  # noqa: S101
    policy.require(actor, CONTACT_MANAGE, company)
    form = OrganisationForm(request.POST or None, initial={"country": company.country})
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            organisation = actions.create_organisation(actor=actor, fields=form.cleaned_data)
            messages.success(request, f"Added {organisation.name}.")
            return redirect(
                "web:organisation_detail", slug=company.slug, organisation_id=organisation.pk
            )
    return render(request, "contacts/organisation_form.html", {"form": form})


@company_view
def organisation_detail(
    request: HttpRequest, actor: Actor, organisation_id: uuid.UUID
) -> HttpResponse:
    """An organisation with its contact persons."""
    organisation = selectors.organisation(actor, organisation_id)
    people = sorted(
        selectors.people(actor, organisation_id=organisation.pk), key=lambda p: p.name.casefold()
    )
    note_reads(actor, list(people), purpose="list")
    invoices: list[Any] | None = None
    if policy.allows(actor, INVOICE_VIEW):
        invoices = list(invoice_selectors.invoices(actor, organisation=organisation.pk)[:20])
        note_reads(actor, list(invoices), purpose="list")
    return render(
        request, "contacts/organisation_detail.html",
        {"organisation": organisation, "people": people, "invoices": invoices,
         "attached": attached_context(actor, organisation),
         **history_tab(actor, organisation, permission=CONTACT_VIEW)},
    )


@company_view
def organisation_edit(
    request: HttpRequest, actor: Actor, organisation_id: uuid.UUID
) -> HttpResponse:
    """Change an organisation; delete it from the danger zone."""
    company = actor.company
    assert company is not None  # noqa: S101
    organisation = selectors.organisation(actor, organisation_id)
    policy.require(actor, CONTACT_MANAGE, organisation)
    initial = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            actions.update_organisation(
                actor=actor, organisation=organisation, fields=form.cleaned_data
            )
            messages.success(request, f"Saved {organisation.name}.")
            return redirect(
                "web:organisation_detail", slug=company.slug, organisation_id=organisation.pk
            )
    return render(
        request, "contacts/organisation_form.html",
        {"form": form, "organisation": organisation,
         "people_count": selectors.people(actor, organisation_id=organisation.pk).count()},
    )


@require_POST
@company_view
def organisation_delete(
    request: HttpRequest, actor: Actor, organisation_id: uuid.UUID
) -> HttpResponse:
    """Delete an organisation and its contact persons."""
    company = actor.company
    assert company is not None  # noqa: S101
    organisation = selectors.organisation(actor, organisation_id)
    name = organisation.name
    with refusal_shown(request):
        actions.delete_organisation(actor=actor, organisation=organisation)
        messages.success(request, f"Deleted {name} and its contact persons.")
        return redirect("web:organisations", slug=company.slug)
    return redirect("web:organisation_edit", slug=company.slug, organisation_id=organisation_id)
