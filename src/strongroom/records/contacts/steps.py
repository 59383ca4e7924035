"""Steps of contacts' actions: each runs inside the calling action's transaction and checks no
policy; the action that calls it has."""

from __future__ import annotations

from strongroom.platform.access.actor import Actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.keys.subject_erasure import subject_erased
from strongroom.platform.retention.guard import ensure_deletable
from strongroom.platform.search import index as search
from strongroom.records.contacts.models import ContactPerson
from strongroom.records.contacts.permissions import CONTACT_MANAGE
from strongroom.records.documents.steps import remove_documents_of


def erase_person(*, actor: Actor, person: ContactPerson) -> None:
    """Delete ``person`` inside the calling action: their documents go (with the stored
    bytes), the history entry says only that the record is gone, the row goes, and
    :func:`subject_erased` destroys the person's key when the transaction commits, so that
    the values still held in earlier history entries and backups become unreadable (P-D6).
    Refused while a legal hold covers the person (P-D3)."""
    ensure_deletable(person)
    subject = person.encryption_subject()
    remove_documents_of(actor=actor, target=person, permission=CONTACT_MANAGE)
    record(
        actor=actor, event=AuditEventType.CONTACT_PERSON_DELETED, obj=person,
        company_id=person.company_id, deleted=True,
    )
    search.unindex_record(person)
    person.delete()
    subject_erased(
        actor=actor, subject=subject, company_id=person.company_id, permission=CONTACT_MANAGE
    )
