"""Steps of documents' actions, and of other apps' actions that delete a record with its
documents: each runs inside the calling action's transaction. The caller has checked policy;
:func:`remove_documents_of`, the one other apps call, checks the caller's permission on the
record once more (fail closed)."""

from __future__ import annotations

from django.db import models

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.files.steps import delete_file
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.retention.guard import ensure_deletable
from strongroom.records.documents import targets
from strongroom.records.documents.models import Document, DocumentVersion


def remove_version(
    *, actor: Actor, version: DocumentVersion, permission: str, on: Document
) -> None:
    """Delete ``version`` and its stored file (the bytes on commit), under the caller's
    ``permission`` on the document ``on``. Refused while a legal hold covers it (P-D3)."""
    ensure_deletable(version)
    stored = version.file
    record(
        actor=actor, event=AuditEventType.DOCUMENT_VERSION_DELETED, obj=version,
        company_id=version.company_id, deleted=True,
    )
    version.delete()
    delete_file(actor=actor, stored=stored, permission=permission, on=on)


def remove_document(*, actor: Actor, document: Document, permission: str) -> None:
    """Delete ``document``, its versions and their stored bytes inside the calling action, under
    the caller's ``permission`` (``document.delete``, or the owning record's write permission
    when the record itself is deleted)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    ensure_deletable(document)
    before = capture(document)
    document.current_file = None
    document.save()
    record(
        actor=actor, event=AuditEventType.DOCUMENT_DELETED, obj=document,
        company_id=document.company_id, before=before, deleted=True,
    )
    for version in document.versions.select_related("file").select_for_update():
        remove_version(actor=actor, version=version, permission=permission, on=document)
    document.delete()


def remove_documents_of(*, actor: Actor, target: models.Model, permission: str) -> int:
    """Delete every document attached to ``target`` inside the calling action (which deletes
    the record itself and holds ``permission`` on it); returns how many went."""
    policy.require(actor, permission, target)  # type: ignore[arg-type]
    attached = Document.objects.filter(
        company=actor.company, target_type=targets.key_of(target), target_id=target.pk
    )
    count = 0
    for document in attached:
        remove_document(actor=actor, document=document, permission=permission)
        count += 1
    return count
