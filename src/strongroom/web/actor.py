"""From a request, web or API, to an Actor: who is acting, in which company, from where."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from strongroom.identity.models import ApiKey
from strongroom.identity.signin import detour, gate
from strongroom.platform.access.actor import Actor, Channel, CompanyActor, user_actor
from strongroom.platform.access.policy import NotFound
from strongroom.platform.accounts.models import User
from strongroom.platform.keys.errors import FileErased
from strongroom.platform.tenancy.middleware import client_ip
from strongroom.platform.tenancy.selectors import actor_for
from strongroom.support.impersonation import running_session, support_actor
from strongroom.support.permissions import NEVER_WHILE_IMPERSONATING

P = ParamSpec("P")
Principal = User | ApiKey  # who a request authenticated as: a browser session's user, or a key
A = TypeVar("A", bound=Actor)
CompanyView = Callable[Concatenate[HttpRequest, CompanyActor, P], HttpResponseBase]


def _with_request(request: HttpRequest, actor: A, channel: Channel) -> A:
    return actor.with_request(
        channel=Channel.SUPPORT if actor.support_user is not None else channel,
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
        request_id=getattr(request, "request_id", ""),
    )


def principal_user(principal: Principal) -> User:
    """The user behind a principal: the session's own, or the key's owner."""
    return principal if isinstance(principal, User) else principal.user


def company_actor(
    request: HttpRequest, company_slug: str, *, principal: Principal, channel: Channel
) -> CompanyActor:
    """The Actor of a web or API request inside ``company_slug``; NotFound when not a member.

    In this order: an operator's browser session running a support session acts as its member,
    channel ``support`` (P-B5), governed by its grant. Otherwise the principal's membership
    (or group administration) gives the actor; a browser session must satisfy the company's
    sign-in policy (else :class:`gate.SignInPolicyNotMet`); an API key acts only in its own
    company, named by the key in every event and narrowed to reads when read-only; a key
    issued from the command line under a support grant also names the grant and, like support
    access, never changes credentials or grants.
    """
    if isinstance(principal, User) and (session := running_session(request)) is not None:
        return _with_request(request, support_actor(session, company_slug), channel)
    if isinstance(principal, ApiKey) and principal.company.slug != company_slug:
        raise NotFound()  # a key acts in its own company only
    loaded = getattr(principal, "owner_membership", None)  # see authenticate_api_key
    actor = actor_for(principal_user(principal), company_slug, channel=channel, loaded=loaded)
    if isinstance(principal, User):
        refusal = gate.check(request, principal, actor.company)
        if refusal is not None:
            raise gate.SignInPolicyNotMet(refusal, actor.company)
    else:
        if principal.company_id != actor.company_id:
            raise NotFound()
        actor = replace(actor, credential=f"api key {principal.prefix}")
        if principal.support_grant_id is not None:  # issued to an operator under a grant
            actor = replace(
                actor,
                permissions=actor.permissions - NEVER_WHILE_IMPERSONATING,
                credential=f"{actor.credential} (support grant {principal.support_grant_id})",
            )
        if principal.read_only:
            actor = actor.narrowed_to_reads()
    return _with_request(request, actor, channel)


def platform_actor(request: HttpRequest) -> Actor:
    """The signed-in user acting outside any company (operators hold platform permissions)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - callers ensure a signed-in user
    return _with_request(request, user_actor(user, channel=Channel.WEB), Channel.WEB)


def current_actor(request: HttpRequest) -> CompanyActor | None:
    """The company actor a view decorated with :func:`company_view` is running as."""
    actor = getattr(request, "strongroom_actor", None)
    return actor if isinstance(actor, CompanyActor) else None


def company_view(
    view: CompanyView[P],
) -> Callable[Concatenate[HttpRequest, str, P], HttpResponseBase]:
    """Require sign-in, resolve ``slug`` to an actor and call ``view(request, actor, ...)``.
    A session the company's sign-in policy turns away is sent to the step that satisfies it.
    A file the view opens whose key was destroyed is answered with 410 "File erased"."""

    @functools.wraps(view)
    def wrapper(
        request: HttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        user = request.user
        if not isinstance(user, User):
            return redirect_to_login(request.get_full_path())
        try:
            actor = company_actor(request, slug, principal=user, channel=Channel.WEB)
        except gate.SignInPolicyNotMet as refused:
            return detour.refused(request, refused.refusal, refused.company)
        detour.entered(request)
        request.strongroom_actor = actor  # type: ignore[attr-defined]
        try:
            return view(request, actor, *args, **kwargs)
        except FileErased:  # a download whose key was destroyed: say so, never a 500
            return render(request, "410_file_erased.html", status=410)

    return wrapper


def signed_in_view(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Like ``login_required``, typed for our views."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


