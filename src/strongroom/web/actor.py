"""From a web request to an Actor: who is acting, in which company, from where."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from strongroom.identity import gate
from strongroom.identity.views import entry
from strongroom.platform.accounts.models import User
from strongroom.platform.keys.errors import FileErased
from strongroom.platform.tenancy.actor import Actor, Channel, user_actor
from strongroom.platform.tenancy.middleware import client_ip
from strongroom.platform.tenancy.selectors import actor_for
from strongroom.support.impersonation import running_session, support_actor

P = ParamSpec("P")
CompanyView = Callable[Concatenate[HttpRequest, Actor, P], HttpResponse]


def _with_request(request: HttpRequest, actor: Actor) -> Actor:
    return actor.with_request(
        channel=Channel.SUPPORT if actor.support_user is not None else Channel.WEB,
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
        request_id=getattr(request, "request_id", ""),
    )


def company_actor(request: HttpRequest, company_slug: str) -> Actor:
    """The signed-in user acting in ``company_slug``; NotFound for non-members and operators.

    An operator in a support session acts as the session's member (P-B5), in its company only.
    """
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - callers ensure a signed-in user
    session = running_session(request)
    if session is not None:
        return _with_request(request, support_actor(session, company_slug))
    return _with_request(request, actor_for(user, company_slug, channel=Channel.WEB))


def platform_actor(request: HttpRequest) -> Actor:
    """The signed-in user acting outside any company (operators hold platform permissions)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - callers ensure a signed-in user
    return _with_request(request, user_actor(user, channel=Channel.WEB))


def current_actor(request: HttpRequest) -> Actor | None:
    """The company actor a view decorated with :func:`company_view` is running as."""
    actor = getattr(request, "strongroom_actor", None)
    return actor if isinstance(actor, Actor) else None


def company_view(
    view: CompanyView[P],
) -> Callable[Concatenate[HttpRequest, str, P], HttpResponse]:
    """Require sign-in, resolve ``slug`` to an actor and call ``view(request, actor, ...)``.
    A file the view opens whose key was destroyed is answered with 410 "File erased"."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        actor = company_actor(request, slug)
        assert actor.company is not None  # noqa: S101 - actor_for always sets it
        # A member's session must satisfy the company's sign-in policy; support access (an
        # operator, already held to an app or security key) is governed by its grant (P-B5).
        refusal = (
            gate.check(request, request.user, actor.company)
            if actor.support_user is None else None
        )
        if refusal is not None:
            return entry.refused(request, refusal, actor.company)
        if entry.ENTERING_KEY in request.session:
            del request.session[entry.ENTERING_KEY]  # the detour for this company is over
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


