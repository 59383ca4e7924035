"""The company audit log and access log."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query

from strongroom.api.pagination import NotedPage
from strongroom.api.router import Router
from strongroom.api.schemas.audit import (
    AccessFilters,
    AccessReadOut,
    AuditEventOut,
    AuditFilters,
    LogFilters,
)
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.history import selectors
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.models import AccessRead, AuditEvent
from strongroom.platform.history.permissions import ACCESS_LOG_VIEW
from strongroom.platform.history.read_log import PURPOSES, note_people_named
from strongroom.platform.tenancy.permissions import AUDIT_VIEW

router = Router(tags=["Audit"])


@router.listing(
    "/companies/{company_slug}/audit-events",
    item=AuditEventOut,
    permission=AUDIT_VIEW,
    summary="List audit events",
    description=(
        "Newest first. Filter by event code, person (user id or e-mail), record type and id, "
        "and period. The members the page names are noted in the access log."
    ),
)
def list_audit_events(
    request: HttpRequest, actor: CompanyActor, filters: Query[AuditFilters]
) -> NotedPage[AuditEvent]:
    event_type = None
    if filters.event_type is not None:
        try:
            event_type = AuditEventType(filters.event_type)
        except ValueError:
            raise ValidationError(
                {"event_type": f"Unknown event code {filters.event_type}."}
            ) from None
    events = selectors.audit_events(actor, event_type=event_type, **_common(filters))
    return NotedPage(events, lambda page: note_people_named(actor, page))


@router.listing(
    "/companies/{company_slug}/access-log",
    item=AccessReadOut,
    permission=ACCESS_LOG_VIEW,
    summary="List reads of personal data (access log)",
    description=(
        "Who read which records holding personal data, downloaded which files and exported "
        "what; newest first. Filter by person, record type and id, purpose and period. The "
        "readers the page names are noted in the access log."
    ),
)
def list_access_reads(
    request: HttpRequest, actor: CompanyActor, filters: Query[AccessFilters]
) -> NotedPage[AccessRead]:
    if filters.purpose and filters.purpose not in PURPOSES:
        raise ValidationError({"purpose": f"Use one of: {', '.join(PURPOSES)}."})
    reads = selectors.access_reads(actor, purpose=filters.purpose, **_common(filters))
    return NotedPage(reads, lambda page: note_people_named(actor, page))


def _common(filters: LogFilters) -> dict[str, Any]:
    """The selector arguments both logs take: person, record and period."""
    return filters.dict(
        include={"person", "actor_email", "object_type", "object_id", "since", "until"}
    )
