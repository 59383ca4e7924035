"""API operations of support access (mounted by project/api.py): the company's grants and
sessions. Starting a session is for operators in the console only."""

from typing import Any

from django.http import HttpRequest
from ninja.responses import Status

from strongroom.api.input import Int64
from strongroom.api.pagination import NotedPage
from strongroom.api.router import Router
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.history.read_log import note_people_named
from strongroom.support import actions, selectors
from strongroom.support.models import SupportGrant, SupportSession
from strongroom.support.permissions import SUPPORT_VIEW
from strongroom.support.schemas import GrantIn, GrantOut, SessionDetailOut, SessionOut

router = Router(tags=["Support access"])
GRANTS = "/companies/{company_slug}/support/grants"
SESSIONS = "/companies/{company_slug}/support/sessions"
READS_LISTED = 1000


@router.listing(
    GRANTS,
    item=GrantOut,
    permission=SUPPORT_VIEW,
    summary="List support grants",
    description="Every support access the company granted, newest first. The members named "
    "are noted in the access log.",
)
def list_support_grants(request: HttpRequest, actor: CompanyActor) -> NotedPage[SupportGrant]:
    return NotedPage(
        selectors.grants(actor), lambda page: selectors.note_named(actor, grants=page)
    )


@router.post(
    GRANTS,
    response={201: GrantOut, **WRITE_ERRORS},
    summary="Grant support access",
    description="Let Strongroom support act in the company for up to 7 days, read-only or "
    "fully, optionally only as one member. Not possible during a support session.",
)
def create_support_grant(
    request: HttpRequest, actor: CompanyActor, payload: GrantIn
) -> Status[SupportGrant]:
    member = selectors.grantable_member(actor, payload.member_id)
    grant = actions.grant_support_access(
        actor=actor, hours=payload.hours, scope=payload.scope, member=member, note=payload.note
    )
    return Status(201, grant)


@router.post(
    f"{GRANTS}/{{grant_id}}/revoke",
    response={200: GrantOut, **WRITE_ERRORS},
    summary="Revoke a support grant",
    description="Ends the grant now; running sessions end at their next request.",
)
def revoke_support_grant(request: HttpRequest, actor: CompanyActor, grant_id: Int64) -> Any:
    grant = selectors.grant(actor, grant_id)
    return actions.revoke_support_grant(actor=actor, grant=grant)


@router.listing(
    SESSIONS,
    item=SessionOut,
    permission=SUPPORT_VIEW,
    summary="List support sessions",
    description="Who acted as whom, why and when, newest first. The members acted as are "
    "noted in the access log.",
)
def list_support_sessions(
    request: HttpRequest, actor: CompanyActor
) -> NotedPage[SupportSession]:
    return NotedPage(
        selectors.sessions(actor), lambda page: selectors.note_named(actor, sessions=page)
    )


@router.get(
    f"{SESSIONS}/{{session_id}}",
    response={200: SessionDetailOut, **READ_ERRORS},
    summary="One support session and everything recorded in it",
)
def get_support_session(request: HttpRequest, actor: CompanyActor, session_id: Int64) -> Any:
    found = selectors.session(actor, session_id)
    found.events = list(selectors.session_activity(actor, found))  # type: ignore[attr-defined]
    found.reads = list(selectors.session_reads(actor, found)[:READS_LISTED])  # type: ignore[attr-defined]
    selectors.note_named(actor, sessions=[found], purpose="view")
    note_people_named(actor, found.events)  # type: ignore[attr-defined]
    return found
