"""What the header's search box finds in documents: titles, descriptions and file names."""

from __future__ import annotations

from django.urls import reverse

from strongroom.records.documents import selectors
from strongroom.records.documents.permissions import DOCUMENT_VIEW
from strongroom.web.search import Hit, Section, register

register(Section(
    name="documents", title="Documents", order=40, permission=DOCUMENT_VIEW,
    list_name="documents", rows=lambda actor, q: selectors.documents(actor, q=q),
    hit=lambda document, slug: Hit(document.title, reverse("web:document_detail", kwargs={
        "slug": slug, "document_id": document.pk})),
))
