"""Storing and deleting files: steps of other apps' actions.

A domain action (add a document version, attach a receipt) calls these inside its own
``@action`` transaction, after its own ``policy.require``. Unlike most steps, they check the
permission the caller names once more (fail closed); they validate the upload and record their
own history entry in the caller's transaction. They are not ``@action`` themselves because an
action's transaction is durable and cannot be nested.

Bytes are written before the row commits; if the transaction then rolls back, the bytes are
orphans that :func:`strongroom.platform.files.jobs.sweep_orphans` removes. Deleting removes the
row at once and the bytes when the transaction commits.
"""

from __future__ import annotations

from django.core.files.base import File
from django.db import transaction

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.policy import CompanyScoped
from strongroom.platform.files import storage
from strongroom.platform.files.models import StoredFile
from strongroom.platform.files.upload import check_upload
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import HistoryOutsideTransaction, record


def _inside_action(what: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise HistoryOutsideTransaction(f"{what} must run inside an action's transaction")


def store_file(
    *,
    actor: Actor,
    upload: File[bytes] | None,
    permission: str,
    on: CompanyScoped | None = None,
    encryption_subject: str = "",
    field: str = "file",
) -> StoredFile:
    """Validate ``upload`` and store it for the actor's company (ValidationError on ``field``).

    ``permission`` (on ``on``, default the company) is what the calling action requires;
    ``encryption_subject`` names the person whose key will encrypt the bytes, if any.
    """
    _inside_action("store_file")
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, permission, on if on is not None else actor.company)
    checked = check_upload(upload, field=field)
    stored = StoredFile(
        company=actor.company,
        name=checked.name,
        content_type=checked.kind.content_type,
        storage_name=storage.new_storage_name(actor.company.pk),
        encryption_subject=encryption_subject,
        uploaded_by=actor.user,
    )
    storage.write(stored, checked.file)
    stored.save(force_insert=True)
    record(actor=actor, event=AuditEventType.FILE_STORED, obj=stored, company_id=stored.company_id)
    return stored


def delete_file(
    *, actor: Actor, stored: StoredFile, permission: str, on: CompanyScoped | None = None
) -> None:
    """Delete ``stored``: its row now, its bytes once the caller's transaction commits."""
    _inside_action("delete_file")
    policy.require(actor, permission, on if on is not None else stored)
    if stored.company_id != actor.company_id:
        raise policy.NotFound()
    storage_name = stored.storage_name
    record(
        actor=actor, event=AuditEventType.FILE_DELETED, obj=stored,
        company_id=stored.company_id, deleted=True,
    )
    stored.delete()
    transaction.on_commit(lambda: storage.delete(storage_name))
