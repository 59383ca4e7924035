"""Where an invoice's customer comes from: the one place that connects invoices to contacts.

A draft holds its customer's details itself (typed in, or filled from a contacts
organisation). When it refers to an organisation (``customer_organisation_id``, a reference
without a foreign key, so deleting the organisation is never blocked), :func:`snapshot` copies
the organisation's current details at issue; the snapshot on the invoice is what is kept under
retention, however the organisation changes or is deleted later.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.records.contacts import selectors as contacts
from strongroom.records.invoices.models import Invoice

if TYPE_CHECKING:
    from strongroom.records.contacts.models import Organisation

NOT_FOUND = "No such organisation among your contacts."


def organisation(actor: Actor, organisation_id: uuid.UUID | str) -> Organisation:
    """An organisation of the actor's company that the actor may see; a field error for a
    missing, foreign or hidden one (they look the same)."""
    try:
        return contacts.organisation(actor, organisation_id)
    except policy.NotFound:
        raise ValidationError({"customer_organisation": NOT_FOUND}) from None


def choices(actor: Actor) -> list[tuple[str, str]]:
    """(id, name) of the organisations the actor may see, for a picker (none without the
    right to see contacts)."""
    rows = contacts.organisations(actor).values_list("pk", "name")
    return [(str(pk), name) for pk, name in rows]


def details(found: Organisation) -> dict[str, str]:
    """The customer fields of an invoice, taken from an organisation."""
    place = " ".join(part for part in (found.postal_code, found.city) if part)
    address = "\n".join(part for part in (found.address, place) if part)
    if found.country and found.country != found.company.country:
        address = f"{address}\n{found.country}" if address else found.country
    return {
        "customer_name": found.name,
        "customer_address": address,
        "customer_org_number": found.organisation_number,
        "customer_email": found.email,
    }


def snapshot(invoice: Invoice) -> dict[str, str]:
    """The customer fields to copy onto ``invoice`` as it is issued: the organisation's
    current details, or nothing (the draft's own) without one or once it is deleted."""
    if invoice.customer_organisation_id is None:
        return {}
    found = contacts.organisation_in_company(invoice.company_id, invoice.customer_organisation_id)
    return details(found) if found is not None else {}
