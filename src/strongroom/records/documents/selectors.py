"""Reads of documents: only those the actor may see, with their target's visibility too."""

from __future__ import annotations

import uuid

from django.db.models import Model, Q, QuerySet

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.files.selectors import Download, open_file
from strongroom.records.documents import targets
from strongroom.records.documents.models import Document, DocumentVersion
from strongroom.records.documents.permissions import DOCUMENT_VIEW

SORTS = {
    "title": ("title",), "-title": ("-title",),
    "updated": ("updated_at",), "-updated": ("-updated_at",),
    "created": ("created_at",), "-created": ("-created_at",),
    "size": ("current_file__size",), "-size": ("-current_file__size",),
}


def documents(
    actor: Actor,
    *,
    q: str = "",
    target_type: str | None = None,
    target_id: uuid.UUID | None = None,
    sort: str = "-updated",
) -> QuerySet[Document]:
    """The documents the actor may see; ``q`` searches titles, descriptions and file names;
    ``target_type`` ("" for the company's own) and ``target_id`` narrow to one record."""
    queryset = Document.objects.select_related("current_file", "created_by")
    if policy.allows(actor, DOCUMENT_VIEW):
        queryset = queryset.filter(targets.visible_filter(actor))
    if q.strip():
        term = q.strip()
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(description__icontains=term)
            | Q(current_file__name__icontains=term)
        )
    if target_type is not None:
        queryset = queryset.filter(target_type=target_type)
    if target_id is not None:
        queryset = queryset.filter(target_id=target_id)
    order = SORTS.get(sort, SORTS["-updated"])
    return policy.restrict(actor, queryset.order_by(*order, "id"), DOCUMENT_VIEW)


def document(actor: Actor, document_id: uuid.UUID | str) -> Document:
    """One document the actor may see, or NotFound (also when its record is out of sight)."""
    return policy.get_for_actor(actor, documents(actor), DOCUMENT_VIEW, pk=document_id)


def versions(actor: Actor, document: Document) -> QuerySet[DocumentVersion]:
    """Every version of a visible document, newest first."""
    policy.require(actor, DOCUMENT_VIEW, document)
    return document.versions.select_related("file", "created_by").order_by("-number")


def version(actor: Actor, document: Document, number: int) -> DocumentVersion:
    """One version of a visible document, or NotFound."""
    found = versions(actor, document).filter(number=number).first()
    if found is None:
        raise policy.NotFound()
    return found


def download(actor: Actor, document: Document, number: int | None = None) -> Download:
    """The bytes of a version (default the newest), noted in the access log."""
    chosen = version(actor, document, number or document.version_count)
    return open_file(actor, chosen.file, permission=DOCUMENT_VIEW, on=document)


def attached_context(actor: Actor, record: Model) -> dict[str, object] | None:
    """What ``documents/_attached.html`` shows on a record's page: its documents, or None
    when the actor may not see documents."""
    if not policy.allows(actor, DOCUMENT_VIEW):
        return None
    key = targets.key_of(record)
    found = documents(actor, target_type=key, target_id=record.pk)
    return {"target_type": key, "target_id": record.pk, "rows": [(d, None) for d in found]}
