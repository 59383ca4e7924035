"""What the header's search box finds in contacts: people (by any part of their encrypted name,
e-mail or phone) and organisations."""

from __future__ import annotations

from django.urls import reverse

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads
from strongroom.records.contacts import selectors
from strongroom.records.contacts.permissions import CONTACT_VIEW
from strongroom.web.search import SHOWN, Found, Hit, Section, list_url, register


def people(actor: Actor, query: str) -> Found | None:
    if not policy.allows(actor, CONTACT_VIEW) or actor.company is None:
        return None
    slug = actor.company.slug
    found = list(selectors.people(actor, q=query)[: SHOWN + 1])
    shown = found[:SHOWN]
    note_reads(actor, shown, purpose="list")
    return Found(
        hits=[Hit(person.name, reverse("web:person_detail", kwargs={
            "slug": slug, "person_id": person.pk}), person.organisation.name) for person in shown],
        more=len(found) > SHOWN,
        more_url=list_url("people", slug, query),
    )


def organisations(actor: Actor, query: str) -> Found | None:
    if not policy.allows(actor, CONTACT_VIEW) or actor.company is None:
        return None
    slug = actor.company.slug
    found = list(selectors.organisations(actor, q=query)[: SHOWN + 1])
    shown = found[:SHOWN]
    return Found(
        hits=[Hit(org.name, reverse("web:organisation_detail", kwargs={
            "slug": slug, "organisation_id": org.pk}), org.city) for org in shown],
        more=len(found) > SHOWN,
        more_url=list_url("organisations", slug, query),
    )


register(Section("people", "People", people, order=10))
register(Section("organisations", "Organisations", organisations, order=20))
