"""From an authenticated API request to the Actor that selectors and actions take."""

from __future__ import annotations

from django.core.validators import slug_re
from django.http import HttpRequest
from ninja.errors import AuthenticationError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Channel, CompanyActor
from strongroom.platform.accounts.models import User
from strongroom.web import actor as resolver
from strongroom.web.actor import Principal


def request_principal(request: HttpRequest) -> Principal:
    """The user or API key the request authenticated as (set by an auth class)."""
    principal = getattr(request, "auth", None)
    if isinstance(principal, Principal):
        return principal
    raise AuthenticationError()


def request_user(request: HttpRequest) -> User:
    """The user behind the request's credential."""
    return resolver.principal_user(request_principal(request))


def credential_company_id(request: HttpRequest) -> int | None:
    """The company an API key is bound to; None for a browser session."""
    principal = request_principal(request)
    return None if isinstance(principal, User) else principal.company_id


def company_actor(request: HttpRequest, company_slug: str) -> CompanyActor:
    """The Actor for this API request inside ``company_slug`` (see :func:`web.actor.company_actor`:
    one resolver for web and API); NotFound when not a member, and for a ``company_slug`` that
    is no slug (the web's URLs take only slugs; PostgreSQL cannot compare a null character)."""
    if not slug_re.match(company_slug):
        raise policy.NotFound()
    return resolver.company_actor(
        request, company_slug, principal=request_principal(request), channel=Channel.API
    )
