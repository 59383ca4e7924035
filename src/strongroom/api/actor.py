"""From an authenticated API request to the Actor that selectors and actions take."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError

from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy import selectors
from strongroom.platform.tenancy.actor import Actor, Channel
from strongroom.platform.tenancy.middleware import client_ip


def request_user(request: HttpRequest) -> User:
    """The user behind the request's credential (set by an auth class in ``request.auth``)."""
    principal = getattr(request, "auth", None)
    if isinstance(principal, User):
        return principal
    # Future credentials (API keys) resolve to their owning user here.
    raise AuthenticationError()


def company_actor(request: HttpRequest, company_slug: str) -> Actor:
    """The Actor for this request inside ``company_slug``; NotFound when not a member."""
    actor = selectors.actor_for(request_user(request), company_slug, channel=Channel.API)
    return actor.with_request(
        channel=Channel.API,
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
        request_id=getattr(request, "request_id", ""),
    )
