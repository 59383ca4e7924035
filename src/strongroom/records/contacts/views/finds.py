"""What the header's search box finds in contacts: people (by any part of their encrypted name,
e-mail or phone) and organisations."""

from __future__ import annotations

from django.urls import reverse

from strongroom.records.contacts import selectors
from strongroom.records.contacts.permissions import CONTACT_VIEW
from strongroom.web.search import Hit, Section, register

register(Section(
    name="people", title="People", order=10, permission=CONTACT_VIEW,
    list_name="people", rows=lambda actor, q: selectors.people(actor, q=q),
    hit=lambda person, slug: Hit(person.name, reverse("web:person_detail", kwargs={
        "slug": slug, "person_id": person.pk}), person.organisation.name),
))
register(Section(
    name="organisations", title="Organisations", order=20, permission=CONTACT_VIEW,
    list_name="organisations", rows=lambda actor, q: selectors.organisations(actor, q=q),
    hit=lambda org, slug: Hit(org.name, reverse("web:organisation_detail", kwargs={
        "slug": slug, "organisation_id": org.pk}), org.city),
    personal=False,  # an organisation's name and city are not personal data
))
