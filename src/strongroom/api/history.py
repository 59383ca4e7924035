"""What every ``.../{id}/history`` operation answers (P-D1); ``Router.history`` in
``api/router.py`` adds one per record type::

    router.history(f"{CONTACTS}/{{contact_id}}", name="contact_history",
                   summary="History of a contact", lookup=selectors.contact,
                   permission=CONTACT_VIEW)
"""

from __future__ import annotations

from typing import Any

from django.db import models

from strongroom.api.pagination import NotedPage
from strongroom.api.schemas.common import READ_ERRORS
from strongroom.api.schemas.history import HistoryEntryOut
from strongroom.platform.access.actor import Actor
from strongroom.platform.history import read_log, selectors
from strongroom.platform.history.models import AuditEvent

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
    read_log.note_read(actor, obj, purpose="view")
    return NotedPage(events, lambda page: read_log.note_people_named(actor, page))
