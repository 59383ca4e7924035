"""Organisations: create, change, delete (with their contact persons, P-D4)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.retention.guard import ensure_deletable
from strongroom.platform.search import index as search
from strongroom.records.contacts import validation
from strongroom.records.contacts.models import Organisation
from strongroom.records.contacts.permissions import CONTACT_MANAGE
from strongroom.records.contacts.steps import erase_person
from strongroom.records.documents.steps import remove_documents_of


def _check_unique_number(
    actor: Actor, number: str, *, exclude_pk: uuid.UUID | None = None
) -> None:
    if not number:
        return
    clash = Organisation.objects.filter(company=actor.company, organisation_number=number)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"organisation_number": "Another organisation already has this number."}
        )


@action
def create_organisation(*, actor: Actor, fields: Mapping[str, str]) -> Organisation:
    """Add an organisation (``fields``: see validation.ORGANISATION_FIELDS)."""
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, CONTACT_MANAGE, actor.company)
    clean = validation.organisation(fields)
    _check_unique_number(actor, clean["organisation_number"])
    organisation = Organisation.objects.create(company=actor.company, **clean)
    search.index_record(organisation, created=True)
    record(
        actor=actor, event=AuditEventType.ORGANISATION_CREATED, obj=organisation,
        company_id=organisation.company_id,
    )
    return organisation


@action
def update_organisation(
    *, actor: Actor, organisation: Organisation, fields: Mapping[str, str]
) -> Organisation:
    """Change the given fields of an organisation; the others keep their values."""
    policy.require(actor, CONTACT_MANAGE, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = capture(organisation)
    current = {name: getattr(organisation, name) for name in validation.ORGANISATION_FIELDS}
    clean = validation.organisation({**current, **fields})
    _check_unique_number(actor, clean["organisation_number"], exclude_pk=organisation.pk)
    if clean == current:
        return organisation
    for name, value in clean.items():
        setattr(organisation, name, value)
    organisation.save()
    if clean["name"] != current["name"]:
        search.index_record(organisation)
    record(
        actor=actor, event=AuditEventType.ORGANISATION_UPDATED, obj=organisation,
        company_id=organisation.company_id, before=before,
    )
    return organisation


@action
def delete_organisation(*, actor: Actor, organisation: Organisation) -> None:
    """Delete an organisation, its documents and every contact person at it (their personal
    data and documents with them).

    Refused while other records still hold a protected link to it. Invoices are not in the
    way: they keep their own copy of the customer's details and only the organisation's id.
    """
    policy.require(actor, CONTACT_MANAGE, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    ensure_deletable(organisation)
    try:
        for person in organisation.people.select_for_update():
            erase_person(actor=actor, person=person)
        remove_documents_of(actor=actor, target=organisation, permission=CONTACT_MANAGE)
        record(
            actor=actor, event=AuditEventType.ORGANISATION_DELETED, obj=organisation,
            company_id=organisation.company_id, deleted=True,
        )
        search.unindex_record(organisation)
        organisation.delete()
    except ProtectedError as error:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(
            {"__all__": f"Other records still refer to this organisation: {', '.join(kinds)}."}
        ) from None
