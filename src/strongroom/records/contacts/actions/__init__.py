"""Writes of contacts: the @action functions."""

from strongroom.records.contacts.actions.organisations import (
    create_organisation,
    delete_organisation,
    update_organisation,
)
from strongroom.records.contacts.actions.people import (
    create_contact_person,
    delete_contact_person,
    update_contact_person,
)

__all__ = [
    "create_contact_person",
    "create_organisation",
    "delete_contact_person",
    "delete_organisation",
    "update_contact_person",
    "update_organisation",
]
