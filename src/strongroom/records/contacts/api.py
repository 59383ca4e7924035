"""API operations of contacts (mounted by project/api.py)."""

import uuid

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query
from ninja.responses import Status

from strongroom.api.pagination import NotedPage
from strongroom.api.router import Router
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.history.read_log import note_read, note_reads
from strongroom.records.contacts import actions, selectors
from strongroom.records.contacts.models import ContactPerson, Organisation
from strongroom.records.contacts.permissions import CONTACT_VIEW
from strongroom.records.contacts.schemas import (
    ContactPersonFilters,
    ContactPersonIn,
    ContactPersonOut,
    ContactPersonPatch,
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
)

router = Router(tags=["Contacts"])
ORGANISATIONS = "/companies/{company_slug}/organisations"
PEOPLE = "/companies/{company_slug}/contact-persons"


@router.listing(
    ORGANISATIONS,
    item=OrganisationOut,
    permission=CONTACT_VIEW,
    summary="List organisations",
    description="Search, filter by country and sort; paginated.",
)
def list_organisations(
    request: HttpRequest, actor: CompanyActor, filters: Query[OrganisationFilters]
) -> QuerySet[Organisation]:
    return selectors.organisations(actor, q=filters.q, country=filters.country, sort=filters.sort)


@router.get(
    f"{ORGANISATIONS}/{{organisation_id}}",
    response={200: OrganisationOut, **READ_ERRORS},
    summary="Get an organisation",
)
def get_organisation(
    request: HttpRequest, actor: CompanyActor, organisation_id: uuid.UUID
) -> Organisation:
    return selectors.organisation(actor, organisation_id)


router.history(
    f"{ORGANISATIONS}/{{organisation_id}}", name="organisation_history",
    summary="History of an organisation",
    lookup=selectors.organisation, permission=CONTACT_VIEW, id_type=uuid.UUID,
)


@router.post(
    ORGANISATIONS,
    response={201: OrganisationOut, **WRITE_ERRORS},
    summary="Create an organisation",
)
def create_organisation(
    request: HttpRequest, actor: CompanyActor, payload: OrganisationIn
) -> Status[Organisation]:
    return Status(201, actions.create_organisation(actor=actor, fields=payload.dict()))


@router.patch(
    f"{ORGANISATIONS}/{{organisation_id}}",
    response={200: OrganisationOut, **WRITE_ERRORS},
    summary="Change an organisation",
    description="Only the fields given change.",
)
def update_organisation(
    request: HttpRequest,
    actor: CompanyActor,
    organisation_id: uuid.UUID,
    payload: OrganisationPatch,
) -> Organisation:
    organisation = selectors.organisation(actor, organisation_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return actions.update_organisation(actor=actor, organisation=organisation, fields=fields)


@router.delete(
    f"{ORGANISATIONS}/{{organisation_id}}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete an organisation",
    description="Deletes its contact persons and their personal data too (P-D4). Refused "
    "with 422 while other records, such as invoices, refer to it.",
)
def delete_organisation(
    request: HttpRequest, actor: CompanyActor, organisation_id: uuid.UUID
) -> Status[None]:
    actions.delete_organisation(
        actor=actor, organisation=selectors.organisation(actor, organisation_id)
    )
    return Status(204, None)


@router.listing(
    PEOPLE,
    item=ContactPersonOut,
    permission=CONTACT_VIEW,
    summary="List contact persons",
    description="Newest first. Personal fields are encrypted at rest: the e-mail and name "
    "filters match exactly (any case) through blind indexes, and `q` searches parts of names, "
    "e-mails and phone numbers through keyed n-gram tokens. Every person returned is noted in "
    "the access log.",
)
def list_contact_persons(
    request: HttpRequest, actor: CompanyActor, filters: Query[ContactPersonFilters]
) -> NotedPage[ContactPerson]:
    found = selectors.people(
        actor, organisation_id=filters.organisation_id, email=filters.email, name=filters.name,
        q=filters.q, sort=filters.sort,
    )
    return NotedPage(found, lambda page: note_reads(actor, page, purpose="list"))


@router.get(
    f"{PEOPLE}/{{person_id}}",
    response={200: ContactPersonOut, **READ_ERRORS},
    summary="Get a contact person",
    description="Noted in the access log.",
)
def get_contact_person(
    request: HttpRequest, actor: CompanyActor, person_id: uuid.UUID
) -> ContactPerson:
    person = selectors.person(actor, person_id)
    note_read(actor, person, purpose="view")
    return person


router.history(
    f"{PEOPLE}/{{person_id}}", name="contact_person_history", summary="History of a contact person",
    lookup=selectors.person, permission=CONTACT_VIEW, id_type=uuid.UUID,
)


@router.post(
    PEOPLE,
    response={201: ContactPersonOut, **WRITE_ERRORS},
    summary="Create a contact person",
)
def create_contact_person(
    request: HttpRequest, actor: CompanyActor, payload: ContactPersonIn
) -> Status[ContactPerson]:
    organisation = _organisation_field(actor, payload.organisation_id)
    fields = payload.dict(exclude={"organisation_id"})
    person = actions.create_contact_person(actor=actor, organisation=organisation, fields=fields)
    return Status(201, person)


@router.patch(
    f"{PEOPLE}/{{person_id}}",
    response={200: ContactPersonOut, **WRITE_ERRORS},
    summary="Change a contact person",
    description="Only the fields given change; organisation_id moves the person.",
)
def update_contact_person(
    request: HttpRequest, actor: CompanyActor, person_id: uuid.UUID, payload: ContactPersonPatch
) -> ContactPerson:
    person = selectors.person(actor, person_id)
    given = payload.dict(exclude_unset=True)
    organisation_id = given.pop("organisation_id", None)
    organisation = _organisation_field(actor, organisation_id) if organisation_id else None
    fields = {k: v for k, v in given.items() if v is not None}
    return actions.update_contact_person(
        actor=actor, person=person, fields=fields, organisation=organisation
    )


@router.delete(
    f"{PEOPLE}/{{person_id}}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a contact person",
    description="Deletes the person and their personal data (P-D4).",
)
def delete_contact_person(
    request: HttpRequest, actor: CompanyActor, person_id: uuid.UUID
) -> Status[None]:
    actions.delete_contact_person(actor=actor, person=selectors.person(actor, person_id))
    return Status(204, None)


def _organisation_field(actor: Actor, organisation_id: uuid.UUID) -> Organisation:
    """The organisation a body names; one the actor cannot see is a field error, like a
    missing one, so that the answer tells nothing about other companies."""
    try:
        return selectors.organisation(actor, organisation_id)
    except policy.NotFound:
        raise ValidationError({"organisation_id": "No such organisation."}) from None
