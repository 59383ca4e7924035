"""The reusable piece behind every ``.../{id}/history`` endpoint (P-D1).

An app's router adds one operation per record type::

    @router.get(f"{CONTACTS}/{{contact_id}}/history", response=HISTORY_RESPONSES,
                operation_id="contact_history", url_name="contact_history",
                summary="History of a contact", description=HISTORY_DESCRIPTION)
    @paginate(PagePagination)
    def contact_history(request, company_slug: str, contact_id: UUID):
        actor = company_actor(request, company_slug)
        return record_history(actor, selectors.contact(actor, contact_id), permission=CONTACT_VIEW)
"""

from __future__ import annotations

from typing import Any

from django.db import models

from strongroom.api.pagination import NotedPage
from strongroom.api.schemas.common import READ_ERRORS
from strongroom.api.schemas.history import HistoryEntryOut
from strongroom.platform.history import access, selectors
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.tenancy.actor import Actor

HistoryPage = NotedPage[AuditEvent]
HISTORY_RESPONSES: dict[int, Any] = {200: list[HistoryEntryOut], **READ_ERRORS}
HISTORY_DESCRIPTION = (
    "Every recorded change to the record, newest first: who (and any support operator acting "
    "as them), when, through which channel, and each field's old and new value. Values of "
    "encrypted fields read '[erased]' once their key has been destroyed."
)


def record_history(actor: Actor, obj: models.Model, *, permission: str) -> HistoryPage:
    """``obj``'s history for the paginator; NotFound unless the actor may see ``obj``.
    Showing old values is a read of the record, and the entries name their actors by e-mail
    address: both are noted in the access log."""
    events = selectors.record_history(actor, obj, permission=permission)
    access.note_read(actor, obj, purpose="view")
    return NotedPage(events, lambda page: access.note_people_named(actor, page))
