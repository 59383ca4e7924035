"""What the header's search box finds in documents: titles, descriptions and file names."""

from __future__ import annotations

from django.urls import reverse

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.read_log import note_reads
from strongroom.records.documents import selectors
from strongroom.records.documents.permissions import DOCUMENT_VIEW
from strongroom.web.search import SHOWN, Found, Hit, Section, list_url, register


def documents(actor: Actor, query: str) -> Found | None:
    if not policy.allows(actor, DOCUMENT_VIEW) or actor.company is None:
        return None
    slug = actor.company.slug
    found = list(selectors.documents(actor, q=query)[: SHOWN + 1])
    shown = found[:SHOWN]
    note_reads(actor, shown, purpose="list")
    return Found(
        hits=[Hit(document.title, reverse("web:document_detail", kwargs={
            "slug": slug, "document_id": document.pk})) for document in shown],
        more=len(found) > SHOWN,
        more_url=list_url("documents", slug, query),
    )


register(Section("documents", "Documents", documents, order=40))
