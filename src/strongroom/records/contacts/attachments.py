"""Organisations and contact persons can carry documents (records/documents)."""

from __future__ import annotations

from strongroom.records.contacts import selectors
from strongroom.records.contacts.models import ContactPerson, Organisation
from strongroom.records.contacts.permissions import CONTACT_VIEW
from strongroom.records.documents import targets


def register() -> None:
    """Make organisations and contact persons attachable. A person's documents are encrypted
    under the person's own key, so they are erased with the person."""
    targets.register(
        Organisation, label="Organisation", permission=CONTACT_VIEW,
        visible=lambda actor: selectors.organisations(actor),
        describe=lambda organisation: organisation.name,
        url_name="web:organisation_detail", url_kwarg="organisation_id",
    )
    targets.register(
        ContactPerson, label="Contact person", permission=CONTACT_VIEW,
        visible=lambda actor: selectors.people(actor),
        describe=lambda person: person.name,
        url_name="web:person_detail", url_kwarg="person_id",
        encryption_subject=lambda person: person.encryption_subject(),
    )
