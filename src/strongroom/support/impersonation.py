"""A support session inside a request: which one is running, and the Actor it acts as.

The running session's id is kept in the operator's sign-in session; the session itself, its
grant and the member live in the database, and every request loads them afresh. So a grant
that is revoked or expires stops every running session at its next request, on any instance.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest

from strongroom.platform.access import policy
from strongroom.platform.access.actor import (
    Channel,
    CompanyActor,
    member_actor,
    user_actor,
)
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy.models import CompanyStatus
from strongroom.support.models import EndReason, SupportSession
from strongroom.support.permissions import NEVER_WHILE_IMPERSONATING

SESSION_KEY = "strongroom_support_session"


def running_session(request: HttpRequest) -> SupportSession | None:
    """The support session this request runs in (set by SupportSessionMiddleware)."""
    found = getattr(request, "support_session", None)
    return found if isinstance(found, SupportSession) else None


def is_usable(session: SupportSession) -> bool:
    """Live, and the member and their company can still be acted as."""
    member = session.member
    return (
        session.is_live()
        and member.is_active
        and member.user.is_active
        and member.company.status == CompanyStatus.ACTIVE
    )


def support_actor(session: SupportSession, company_slug: str) -> CompanyActor:
    """The member of ``session`` acting in ``company_slug``, with the operator beside them.

    Channel ``support``; the session is the credential of every history entry; no credential or
    grant permissions; reads only under a read-only grant. Another company is NotFound.
    """
    if session.member.company.slug != company_slug or not is_usable(session):
        raise policy.NotFound()
    return session_actor(session)


def session_actor(session: SupportSession) -> CompanyActor:
    """The Actor of ``session`` (see :func:`support_actor`), whatever the request's path."""
    base = member_actor(session.member, channel=Channel.SUPPORT)
    actor = replace(
        base,
        permissions=base.permissions - NEVER_WHILE_IMPERSONATING,
        support_user=session.operator,
        credential=session.credential,
    )
    return actor.narrowed_to_reads() if session.grant.read_only else actor


def begin(request: HttpRequest, session: SupportSession) -> None:
    """Remember in the operator's sign-in session that ``session`` runs in it."""
    request.session[SESSION_KEY] = session.pk


def forget(request: HttpRequest) -> None:
    """This browser runs no support session any more."""
    request.session.pop(SESSION_KEY, None)


def end_on_sign_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    """Django ``user_logged_out``: signing out ends the support session running in it."""
    from strongroom.support.actions import end_support_session
    from strongroom.support.selectors import own_session

    if request is None or user is None or not user.is_operator:
        return
    session_id = request.session.get(SESSION_KEY)
    if session_id is None:
        return
    actor = user_actor(user)
    try:
        session = own_session(actor, int(session_id))
        if session.ended_at is None:
            end_support_session(actor=actor, session=session, why=EndReason.SIGNED_OUT)
    except (policy.NotFound, ValueError):
        pass
    forget(request)
