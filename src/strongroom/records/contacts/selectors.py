"""Reads of contacts, scoped to what the actor may see (missing and foreign look alike)."""

from __future__ import annotations

import uuid

from django.db.models import Count, Q, QuerySet

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.keys.fields import blind_index
from strongroom.platform.search import index as search
from strongroom.records.contacts.models import ContactPerson, Organisation
from strongroom.records.contacts.permissions import CONTACT_VIEW

ORGANISATION_SORTS = {
    "name": ("name",), "-name": ("-name",),
    "city": ("city", "name"), "-city": ("-city", "name"),
    "created": ("created_at",), "-created": ("-created_at",),
    "updated": ("updated_at",), "-updated": ("-updated_at",),
}
PERSON_SORTS = {"created": ("created_at",), "-created": ("-created_at",)}


def organisations(
    actor: Actor, *, q: str = "", country: str = "", sort: str = "name"
) -> QuerySet[Organisation]:
    """The company's organisations with their number of people; ``q`` searches name (any part,
    case and diacritics aside), number, VAT id, city and e-mail; ``sort`` is a key of
    ORGANISATION_SORTS."""
    queryset = Organisation.objects.annotate(people_count=Count("people"))
    if q.strip():
        term = q.strip()
        named = (
            search.search(Organisation.objects.all(), actor.company_id, term)
            if actor.company_id is not None else []
        )
        queryset = queryset.filter(
            Q(pk__in=named) | Q(name__icontains=term) | Q(organisation_number__icontains=term)
            | Q(vat_id__icontains=term) | Q(city__icontains=term) | Q(email__icontains=term)
        )
    if country.strip():
        queryset = queryset.filter(country=country.strip().upper())
    order = ORGANISATION_SORTS.get(sort, ORGANISATION_SORTS["name"])
    return policy.restrict(actor, queryset.order_by(*order, "id"), CONTACT_VIEW)


def organisation(actor: Actor, organisation_id: uuid.UUID | str) -> Organisation:
    """One organisation of the actor's company, or NotFound."""
    return policy.get_for_actor(
        actor, Organisation.objects.all(), CONTACT_VIEW, pk=organisation_id
    )


def organisation_in_company(company_id: int, organisation_id: uuid.UUID) -> Organisation | None:
    """An organisation of the company, whoever asks: for another app's action that copies its
    details onto a record the actor may write (an invoice as it is issued)."""
    return (
        Organisation.objects.select_related("company")
        .filter(company_id=company_id, pk=organisation_id)
        .first()
    )


def people(
    actor: Actor,
    *,
    organisation_id: uuid.UUID | str | None = None,
    email: str = "",
    name: str = "",
    q: str = "",
    sort: str = "-created",
) -> QuerySet[ContactPerson]:
    """The company's contact persons. Their fields are encrypted, so ``email`` and ``name``
    find exact matches (any case) through the blind indexes, and ``q`` finds every word in
    any part of their name, e-mail or phone (case and diacritics aside) through the keyed
    n-gram tokens (platform/search)."""
    queryset = ContactPerson.objects.select_related("organisation")
    if organisation_id is not None:
        queryset = queryset.filter(organisation_id=organisation_id)
    if actor.company_id is not None:
        if email.strip():
            queryset = queryset.filter(
                email_index=blind_index(ContactPerson, "email_index", actor.company_id, email)
            )
        if name.strip():
            queryset = queryset.filter(
                name_index=blind_index(ContactPerson, "name_index", actor.company_id, name)
            )
        if q.strip():
            queryset = queryset.filter(
                pk__in=search.search(ContactPerson.objects.all(), actor.company_id, q)
            )
    order = PERSON_SORTS.get(sort, PERSON_SORTS["-created"])
    return policy.restrict(actor, queryset.order_by(*order, "id"), CONTACT_VIEW)


def person(actor: Actor, person_id: uuid.UUID | str) -> ContactPerson:
    """One contact person of the actor's company, or NotFound."""
    return policy.get_for_actor(
        actor, ContactPerson.objects.select_related("organisation"), CONTACT_VIEW, pk=person_id
    )
