"""Documents: upload, retitle, add versions, delete (with the bytes of every version, P-D4)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import models

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.files.steps import store_file
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.records.documents import targets
from strongroom.records.documents.models import Document, DocumentVersion
from strongroom.records.documents.permissions import DOCUMENT_DELETE, DOCUMENT_MANAGE
from strongroom.records.documents.steps import remove_document, remove_version


def _clean_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    cleaned = value.strip() if field != "title" else " ".join(value.split())
    if required and not cleaned:
        raise ValidationError({field: "This field is required."})
    if len(cleaned) > limit:
        raise ValidationError({field: f"At most {limit} characters (this has {len(cleaned)})."})
    return cleaned


def _target_record(actor: Actor, document: Document) -> models.Model | None:
    """The record ``document`` is attached to, if the actor can still see it."""
    if not document.target_type:
        return None
    try:
        return targets.resolve(actor, document.target_type, document.target_id)
    except ValidationError:
        raise policy.NotFound() from None


def _add_version(
    actor: Actor, document: Document, upload: File[bytes] | None, note: str, subject: str
) -> DocumentVersion:
    stored = store_file(
        actor=actor, upload=upload, permission=DOCUMENT_MANAGE, on=document,
        encryption_subject=subject,
    )
    before = capture(document) if document.version_count else None
    version = DocumentVersion.objects.create(
        company_id=document.company_id, document=document, number=document.version_count + 1,
        file=stored, note=_clean_text(note, field="note", limit=300), created_by=actor.user,
    )
    record(
        actor=actor, event=AuditEventType.DOCUMENT_VERSION_ADDED, obj=version,
        company_id=version.company_id,
    )
    document.version_count = version.number
    document.current_file = stored
    document.save()
    event = AuditEventType.DOCUMENT_UPDATED if before else AuditEventType.DOCUMENT_CREATED
    record(actor=actor, event=event, obj=document, company_id=document.company_id, before=before)
    return version


@action
def create_document(
    *,
    actor: Actor,
    upload: File[bytes] | None,
    title: str = "",
    description: str = "",
    target_type: str = "",
    target_id: uuid.UUID | str | None = None,
    note: str = "",
) -> Document:
    """Upload a new document (version 1), attached to the company or to a record the actor
    can see. Without a title, the file's name is the title."""
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, DOCUMENT_MANAGE, actor.company)
    target = targets.resolve(actor, target_type, target_id)
    document = Document(
        company=actor.company,
        title=_clean_text(title, field="title", limit=200),
        description=_clean_text(description, field="description", limit=5000),
        target_type=target_type if target is not None else targets.COMPANY,
        target_id=target.pk if target is not None else None,
        created_by=actor.user,
    )
    if upload is not None and not document.title:
        document.title = (upload.name or "").rsplit("/", 1)[-1].rsplit(".", 1)[0][:200].strip()
    if not document.title:
        document.title = "Untitled document"
    document.save(force_insert=True)
    _add_version(actor, document, upload, note, targets.subject_for(target))
    return document


@action
def add_document_version(
    *, actor: Actor, document: Document, upload: File[bytes] | None, note: str = ""
) -> DocumentVersion:
    """Upload a new version; earlier versions stay, listed and downloadable."""
    policy.require(actor, DOCUMENT_MANAGE, document)
    document = Document.objects.select_for_update().get(pk=document.pk)
    target = _target_record(actor, document)
    return _add_version(actor, document, upload, note, targets.subject_for(target))


@action
def update_document(
    *, actor: Actor, document: Document, title: str | None = None, description: str | None = None
) -> Document:
    """Change a document's title or description."""
    policy.require(actor, DOCUMENT_MANAGE, document)
    document = Document.objects.select_for_update().get(pk=document.pk)
    before = capture(document)
    if title is not None:
        document.title = _clean_text(title, field="title", limit=200, required=True)
    if description is not None:
        document.description = _clean_text(description, field="description", limit=5000)
    if capture(document) == before:
        return document
    document.save()
    record(
        actor=actor, event=AuditEventType.DOCUMENT_UPDATED, obj=document,
        company_id=document.company_id, before=before,
    )
    return document


@action
def delete_document(*, actor: Actor, document: Document) -> None:
    """Delete a document with every version; their bytes leave the storage on commit (P-D4)."""
    policy.require(actor, DOCUMENT_DELETE, document)
    remove_document(actor=actor, document=document, permission=DOCUMENT_DELETE)


@action
def delete_document_version(*, actor: Actor, version: DocumentVersion) -> None:
    """Delete one version (an upload by mistake). The newest remaining one becomes current;
    the only version cannot go: delete the document instead."""
    policy.require(actor, DOCUMENT_DELETE, version.document)
    document = Document.objects.select_for_update().get(pk=version.document_id)
    remaining = document.versions.exclude(pk=version.pk).order_by("-number").first()
    if remaining is None:
        raise ValidationError(
            {"__all__": "This is the document's only version; delete the document instead."}
        )
    before = capture(document)
    document.current_file_id = remaining.file_id
    document.save()
    record(
        actor=actor, event=AuditEventType.DOCUMENT_UPDATED, obj=document,
        company_id=document.company_id, before=before,
    )
    remove_version(actor=actor, version=version, permission=DOCUMENT_DELETE, on=document)
