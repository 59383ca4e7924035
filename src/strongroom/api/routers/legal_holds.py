"""Legal holds: list, place and release (P-D3)."""

import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja.responses import Status

from strongroom.api.router import Router
from strongroom.api.schemas.common import WRITE_ERRORS
from strongroom.api.schemas.legal_holds import LegalHoldCreate, LegalHoldOut, LegalHoldRelease
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.retention import actions, selectors
from strongroom.platform.retention.models import LegalHold
from strongroom.platform.retention.permissions import LEGAL_HOLD_VIEW

router = Router(tags=["Legal holds"])
HOLDS = "/companies/{company_slug}/legal-holds"


@router.listing(
    HOLDS, item=LegalHoldOut, permission=LEGAL_HOLD_VIEW, summary="List legal holds",
    description="Active and released holds, newest first.",
)
def list_legal_holds(request: HttpRequest, actor: CompanyActor) -> QuerySet[LegalHold]:
    return selectors.legal_holds(actor)


@router.post(
    HOLDS, response={201: LegalHoldOut, **WRITE_ERRORS}, summary="Place a legal hold",
    description="On the whole company (no record_type) or one record. While active, nothing "
    "it covers can be deleted or erased (422), nor a held company terminated.",
)
def place_legal_hold(
    request: HttpRequest, actor: CompanyActor, payload: LegalHoldCreate
) -> Status[LegalHold]:
    hold = actions.place_legal_hold(
        actor=actor, reason=payload.reason, record_type=payload.record_type,
        record_id=payload.record_id,
    )
    return Status(201, hold)


@router.post(
    f"{HOLDS}/{{hold_id}}/release", response={200: LegalHoldOut, **WRITE_ERRORS},
    summary="Release a legal hold", description="The hold and its history are kept.",
)
def release_legal_hold(
    request: HttpRequest, actor: CompanyActor, hold_id: uuid.UUID, payload: LegalHoldRelease
) -> LegalHold:
    return actions.release_legal_hold(
        actor=actor, hold=selectors.legal_hold(actor, hold_id), reason=payload.reason
    )
