"""From an authenticated API request to the Actor that selectors and actions take."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest
from ninja.errors import AuthenticationError

from strongroom.identity.models import ApiKey
from strongroom.platform.access.policy import NotFound
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy import selectors
from strongroom.platform.tenancy.actor import Actor, Channel
from strongroom.platform.tenancy.middleware import client_ip
from strongroom.support.impersonation import running_session, support_actor


def request_user(request: HttpRequest) -> User:
    """The user behind the request's credential (set by an auth class in ``request.auth``)."""
    principal = getattr(request, "auth", None)
    if isinstance(principal, User):
        return principal
    if isinstance(principal, ApiKey):
        return principal.user
    raise AuthenticationError()


def credential_company_id(request: HttpRequest) -> int | None:
    """The company an API key is bound to; None for a browser session."""
    principal = getattr(request, "auth", None)
    return principal.company_id if isinstance(principal, ApiKey) else None


def company_actor(request: HttpRequest, company_slug: str) -> Actor:
    """The Actor for this request inside ``company_slug``; NotFound when not a member.

    With an API key the actor is the key's owner with their role of the moment, only in the
    key's company (any other company is "not found"), narrowed to reads for a read-only key,
    and named by the key in every audit event it causes. An operator's browser session in a
    support session acts as its member, with channel ``support`` (P-B5).
    """
    principal = getattr(request, "auth", None)
    session = running_session(request)
    if isinstance(principal, User) and session is not None:
        return support_actor(session, company_slug).with_request(
            channel=Channel.SUPPORT,
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            request_id=getattr(request, "request_id", ""),
        )
    actor = selectors.actor_for(request_user(request), company_slug, channel=Channel.API)
    if isinstance(principal, ApiKey):
        if principal.company_id != actor.company_id:
            raise NotFound()
        actor = replace(actor, credential=f"api key {principal.prefix}")
        if principal.read_only:
            actor = actor.narrowed_to_reads()
    return actor.with_request(
        channel=Channel.API,
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
        request_id=getattr(request, "request_id", ""),
    )
