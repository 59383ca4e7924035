"""The Router every app's API is built on: operations name themselves and receive their actor.

- An operation's ``operation_id`` and URL name are its function's name, stated once.
- An operation inside a company declares ``actor: CompanyActor`` instead of the path's
  ``company_slug``; the router resolves the actor from the request (one resolver for web and
  API, ``api/actor.py``) before the operation runs, and documents ``company_slug`` as the path
  parameter it is.
- :meth:`Router.listing` declares a paged list and the permission without which the list
  does not exist for the actor (404): the one place that rule is applied to API lists.
- Every write (POST, PUT, PATCH, DELETE) honours an ``Idempotency-Key`` (``api/idempotency.py``)
  and, when it takes a multipart form, refuses fields it does not take (``api/input.py``).
- Every operation refuses query parameters it does not declare, and a query value with a null
  character (422, ``api/input.py``).
- :meth:`Router.history` adds a record type's ``.../history`` operation (P-D1).
"""

from __future__ import annotations

import functools
import inspect
import re
import uuid
from collections.abc import Callable
from typing import Any

import ninja
from django.db import models
from django.http import HttpRequest
from ninja.pagination import paginate

from strongroom.api.actor import company_actor
from strongroom.api.history import (
    HISTORY_DESCRIPTION,
    HISTORY_RESPONSES,
    HistoryPage,
    record_history,
)
from strongroom.api.idempotency import WRITE_METHODS, idempotent
from strongroom.api.input import strict_form, strict_query
from strongroom.api.pagination import PagePagination
from strongroom.api.schemas.common import READ_ERRORS
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor

ACTOR = "actor"
SLUG = inspect.Parameter("company_slug", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str)
LAST_PATH_PARAMETER = re.compile(r"\{(?:\w+:)?(\w+)\}$")


class Router(ninja.Router):
    """A ninja Router whose operations are named by their functions and given their actor."""

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable[..., Any], **options: Any
    ) -> None:
        name = view_func.__name__
        for option in ("operation_id", "url_name"):
            if options.get(option) not in (None, name):
                raise ValueError(f"{name}: {option} is the function's name; do not restate it")
            options[option] = name
        if WRITE_METHODS.intersection(method.upper() for method in methods):
            if ACTOR not in inspect.signature(view_func).parameters:
                raise TypeError(f"{name}: an API write acts inside a company (take its actor)")
            view_func = idempotent(strict_form(view_func))
        view_func = with_company_actor(view_func)
        super().add_api_operation(path, methods, strict_query(path, view_func), **options)

    def listing(
        self,
        path: str,
        *,
        item: Any,
        permission: str,
        summary: str,
        description: str | None = None,
        **options: Any,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """``GET path``: a page of ``item``s from the queryset (or ``NotedPage``) the operation
        returns. An actor who may not ``permission`` in their company gets 404 before the
        operation runs: a list one may not read does not exist for them. ``options`` go to
        the operation as they are (``tags``, ...)."""

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(view)
            def guarded(request: HttpRequest, actor: CompanyActor, **kwargs: Any) -> Any:
                policy.require(actor, permission, actor.company)
                return view(request, actor=actor, **kwargs)

            self.get(
                path, response={200: list[item], **READ_ERRORS}, summary=summary,
                description=description, **options,
            )(paginate(PagePagination)(guarded))
            return view

        return decorator

    def history(
        self,
        record_path: str,
        *,
        name: str,
        summary: str,
        lookup: Callable[[CompanyActor, Any], models.Model],
        permission: str,
        id_type: type[int] | type[uuid.UUID],
        description: str = HISTORY_DESCRIPTION,
    ) -> None:
        """Add ``GET {record_path}/history``, operation ``name``: the history of the record that
        ``lookup(actor, id)`` finds (NotFound unless the actor may see it), newest first; the id
        is an ``int`` or a ``uuid.UUID`` (``format: uuid`` in the document), as the record's."""
        match = LAST_PATH_PARAMETER.search(record_path)
        if match is None:
            raise ValueError(f"{record_path} does not end in the record's id")
        id_name = match.group(1)

        def operation(request: HttpRequest, actor: CompanyActor, **path: Any) -> HistoryPage:
            return record_history(actor, lookup(actor, path[id_name]), permission=permission)

        operation.__name__ = operation.__qualname__ = name
        operation.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter(ACTOR, inspect.Parameter.KEYWORD_ONLY, annotation=CompanyActor),
            inspect.Parameter(id_name, inspect.Parameter.KEYWORD_ONLY, annotation=id_type),
        ])
        self.get(
            f"{record_path}/history", response=HISTORY_RESPONSES, summary=summary,
            description=description,
        )(paginate(PagePagination)(operation))


def with_company_actor(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """``view_func`` taking the request's ``company_slug`` in place of its ``actor``; itself
    when it declares no actor."""
    signature = inspect.signature(view_func, eval_str=True)
    parameter = signature.parameters.get(ACTOR)
    if parameter is None:
        return view_func
    if parameter.annotation is not CompanyActor:
        raise TypeError(f"{view_func.__name__}: the actor parameter must be a CompanyActor")

    @functools.wraps(view_func)
    def operation(request: HttpRequest, company_slug: str, **kwargs: Any) -> Any:
        return view_func(request, actor=company_actor(request, company_slug), **kwargs)

    first, *others = signature.parameters.values()
    rest = [p for p in others if p.name != ACTOR]
    operation.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[first, SLUG, *rest]
    )
    return operation
