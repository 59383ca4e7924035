"""Contact persons: create, change, delete. Deleting removes their personal data (P-D4)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.search import index as search
from strongroom.records.contacts import validation
from strongroom.records.contacts.models import ContactPerson, Organisation
from strongroom.records.contacts.permissions import CONTACT_MANAGE
from strongroom.records.contacts.steps import erase_person

SEARCHED = ("name", "email", "phone")  # what platform/search keeps tokens of (apps.py)


@action
def create_contact_person(
    *, actor: Actor, organisation: Organisation, fields: Mapping[str, str]
) -> ContactPerson:
    """Add a person at ``organisation`` (``fields``: see validation.PERSON_FIELDS)."""
    policy.require(actor, CONTACT_MANAGE, organisation)
    clean = validation.person(fields)
    person = ContactPerson(
        company_id=organisation.company_id, organisation=organisation, created_by=actor.user,
        **clean,
    )
    person.save(force_insert=True)
    search.index_record(person, created=True)
    record(
        actor=actor, event=AuditEventType.CONTACT_PERSON_CREATED, obj=person,
        company_id=person.company_id,
    )
    return person


@action
def update_contact_person(
    *,
    actor: Actor,
    person: ContactPerson,
    fields: Mapping[str, str],
    organisation: Organisation | None = None,
) -> ContactPerson:
    """Change the given fields of a person, or move them to another ``organisation``."""
    policy.require(actor, CONTACT_MANAGE, person)
    if organisation is not None:
        policy.require(actor, CONTACT_MANAGE, organisation)
    person = ContactPerson.objects.select_for_update().get(pk=person.pk)
    before = capture(person)
    current = {name: getattr(person, name) for name in validation.PERSON_FIELDS}
    clean = validation.person({**current, **fields})
    moved = organisation is not None and organisation.pk != person.organisation_id
    if clean == current and not moved:
        return person
    for name, value in clean.items():
        setattr(person, name, value)
    if organisation is not None:
        person.organisation = organisation
    person.save()
    if any(clean[name] != current[name] for name in SEARCHED):
        search.index_record(person)
    record(
        actor=actor, event=AuditEventType.CONTACT_PERSON_UPDATED, obj=person,
        company_id=person.company_id, before=before,
    )
    return person


@action
def delete_contact_person(*, actor: Actor, person: ContactPerson) -> None:
    """Delete a contact person and their personal data (P-D4)."""
    policy.require(actor, CONTACT_MANAGE, person)
    person = ContactPerson.objects.select_for_update().get(pk=person.pk)
    try:
        erase_person(actor=actor, person=person)
    except ProtectedError:
        raise ValidationError(
            {"__all__": "Other records still refer to this person; remove those references first."}
        ) from None
