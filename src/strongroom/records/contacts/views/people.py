"""Contact persons: look up, add, view, change, delete."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.display import history_tab
from strongroom.platform.history.read_log import note_read, note_reads
from strongroom.records.contacts import actions, selectors
from strongroom.records.contacts.forms import PersonForm, PersonLookupForm
from strongroom.records.contacts.permissions import CONTACT_MANAGE, CONTACT_VIEW
from strongroom.records.contacts.validation import PERSON_FIELDS
from strongroom.records.documents.selectors import attached_context
from strongroom.web.actor import company_view
from strongroom.web.list_export import export_format, list_download
from strongroom.web.refusals import refusal_shown

PER_PAGE = 50
PERSON_COLUMNS = (
    ("Name", lambda p: p.name), ("Job title", lambda p: p.job_title),
    ("E-mail", lambda p: p.email), ("Phone", lambda p: p.phone),
    ("Address", lambda p: p.address), ("Organisation", lambda p: p.organisation.name),
    ("Added", lambda p: p.created_at), ("Id", lambda p: p.pk),
)


@company_view
def person_list(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    """Every contact person, newest first, or those a search or an exact e-mail or name finds."""
    policy.require(actor, CONTACT_VIEW)
    form = PersonLookupForm(request.GET or None)
    lookup = form.cleaned_data if form.is_bound and form.is_valid() else {}
    found = selectors.people(
        actor, q=lookup.get("q", ""), email=lookup.get("email", ""),
        name=lookup.get("name", ""),
    )
    if kind := export_format(request):
        return list_download(
            actor, kind, name="contact-persons", columns=PERSON_COLUMNS, rows=found
        )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    note_reads(actor, list(page.object_list), purpose="list")
    return render(
        request, "contacts/people.html",
        {"form": form, "page": page, "filtered": any(lookup.values()), "list_export": True},
    )


@company_view
def person_add(request: HttpRequest, actor: Actor, organisation_id: uuid.UUID) -> HttpResponse:
    """Add a contact person at an organisation."""
    company = actor.company
    assert company is not None  # noqa: S101
    organisation = selectors.organisation(actor, organisation_id)
    policy.require(actor, CONTACT_MANAGE, organisation)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            person = actions.create_contact_person(
                actor=actor, organisation=organisation, fields=form.cleaned_data
            )
            messages.success(request, f"Added {person.name}.")
            return redirect("web:person_detail", slug=company.slug, person_id=person.pk)
    return render(
        request, "contacts/person_form.html", {"form": form, "organisation": organisation}
    )


@company_view
def person_detail(request: HttpRequest, actor: Actor, person_id: uuid.UUID) -> HttpResponse:
    """A contact person (a read of personal data, noted in the access log)."""
    person = selectors.person(actor, person_id)
    note_read(actor, person, purpose="view")
    return render(
        request, "contacts/person_detail.html",
        {"person": person, "attached": attached_context(actor, person),
         **history_tab(actor, person, permission=CONTACT_VIEW)},
    )


@company_view
def person_edit(request: HttpRequest, actor: Actor, person_id: uuid.UUID) -> HttpResponse:
    """Change a contact person; delete them from the danger zone."""
    company = actor.company
    assert company is not None  # noqa: S101
    person = selectors.person(actor, person_id)
    policy.require(actor, CONTACT_MANAGE, person)
    note_read(actor, person, purpose="view")
    initial = {name: getattr(person, name) for name in PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form=form):
            actions.update_contact_person(actor=actor, person=person, fields=form.cleaned_data)
            messages.success(request, "Saved.")
            return redirect("web:person_detail", slug=company.slug, person_id=person.pk)
    return render(
        request, "contacts/person_form.html",
        {"form": form, "organisation": person.organisation, "person": person},
    )


@require_POST
@company_view
def person_delete(request: HttpRequest, actor: Actor, person_id: uuid.UUID) -> HttpResponse:
    """Delete a contact person and their personal data."""
    company = actor.company
    assert company is not None  # noqa: S101
    person = selectors.person(actor, person_id)
    organisation_id = person.organisation_id
    with refusal_shown(request):
        actions.delete_contact_person(actor=actor, person=person)
        messages.success(request, "Deleted the contact person and their personal data.")
        return redirect(
            "web:organisation_detail", slug=company.slug, organisation_id=organisation_id
        )
    return redirect("web:person_edit", slug=company.slug, person_id=person_id)
