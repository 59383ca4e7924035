"""Every operation's real answers match the OpenAPI document: the status is declared, the
media type is one it lists, and a JSON body validates against the schema it gives there.

Each operation of the permission matrix (tests/*/routes.py) is driven as its permitted member
(2xx), anonymously (401), from another company (404), as an auditor where it writes (403), and
with an undeclared query parameter (422, naming it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

import jsonschema_rs
import pytest
from django.http import JsonResponse
from django.http.response import HttpResponseBase
from django.test import Client
from ninja.responses import NinjaJSONEncoder

from strongroom.platform.access import permissions as perms
from strongroom.project.api import api
from tests.auth import sign_in
from tests.conftest import World
from tests.matrix import OWN, Route
from tests.test_permission_matrix import ROUTES as ALL_ROUTES

ROUTES = [route for route in ALL_ROUTES if route.api]
UNKNOWN = "unknown_parameter"


@cache
def document() -> dict[str, Any]:
    """The document as clients read it (JSON: statuses are strings)."""
    served: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
    return served


@cache
def operations() -> dict[str, dict[str, Any]]:
    return {op["operationId"]: op for path in document()["paths"].values()
            for op in path.values()}


def _closed(schema: Any) -> Any:
    """``schema`` with every object closed to properties it does not list: an answer with a
    property the document leaves out fails too."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: _closed(value) for key, value in schema.items()}
    if "properties" in closed and isinstance(closed["properties"], dict):
        closed.setdefault("unevaluatedProperties", False)
    return closed


@cache
def _validator(operation_id: str, status: str, media_type: str) -> Any:
    schema = operations()[operation_id]["responses"][status]["content"][media_type]["schema"]
    components = _closed(document()["components"])
    return jsonschema_rs.Draft202012Validator(
        {**schema, "components": components}, validate_formats=True
    )


def _body(response: HttpResponseBase) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined,arg-type]
    return bytes(response.content)  # type: ignore[attr-defined]


def _matches(declared: str, sent: str) -> bool:
    """A media type the document lists matches the Content-Type sent: the same, or the same
    type where the document names no parameters (``application/json; charset=utf-8``)."""
    return sent == declared or (
        ";" not in declared and sent.split(";")[0].strip().lower() == declared
    )


def assert_documented(operation_id: str, response: HttpResponseBase) -> None:
    """``response`` is an answer the document declares for ``operation_id``."""
    status = str(response.status_code)
    declared = operations()[operation_id]["responses"]
    body = _body(response)
    assert status in declared, f"{operation_id}: {status} not declared ({sorted(declared)})"
    content = declared[status].get("content")
    if not content:
        assert body == b"", f"{operation_id} {status}: a body where none is declared"
        return
    sent = response["Content-Type"]
    media_type = next((key for key in content if _matches(key, sent)), None)
    assert media_type, f"{operation_id} {status}: {sent} not in {list(content)}"
    if content[media_type]["schema"].get("format") == "binary":
        return
    errors = [
        f"{error.instance_path}: {error.message}"
        for error in _validator(operation_id, status, media_type).iter_errors(json.loads(body))
    ]
    assert not errors, f"{operation_id} {status}: {errors}"


def send(
    client: Client, route: Route, world: World, query: dict[str, str] | None = None
) -> HttpResponseBase:
    """The route's request for company A's own object, with ``query`` added to its URL."""
    path = route.path(world, OWN)
    data = route.data(world) if route.data else None
    method = route.method.lower()
    if method == "get":
        return client.get(path, {**(data or {}), **(query or {})})
    if query:
        path = f"{path}?{'&'.join(f'{name}={value}' for name, value in query.items())}"
    send_as: Callable[..., HttpResponseBase] = getattr(client, method)
    if route.multipart:
        return send_as(path, data or {})
    body = json.dumps(data) if data is not None else None
    return send_as(path, body, content_type="application/json")


def _is_write(route: Route) -> bool:
    return route.method != "GET" and (
        not route.permission or perms.get(route.permission).kind is perms.Kind.WRITE
    )


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.name}")
def test_real_answers_validate_against_the_document(route: Route, world: World) -> None:
    operation_id = route.name.removeprefix("api-1.0.0:")
    member = Client()
    sign_in(member, world.a.user(route.permitted_role))

    refused = send(member, route, world, {UNKNOWN: "1"})
    assert refused.status_code == 422, _body(refused)
    assert json.loads(_body(refused))["errors"] == {UNKNOWN: ["Unknown query parameter."]}
    assert_documented(operation_id, refused)

    anonymous = send(Client(), route, world)
    assert anonymous.status_code == 401
    assert_documented(operation_id, anonymous)

    outsider = Client()
    sign_in(outsider, world.b.user(route.permitted_role))
    missing = send(outsider, route, world)
    assert missing.status_code == 404
    assert_documented(operation_id, missing)

    if _is_write(route):
        auditor = Client()
        sign_in(auditor, world.a.user(perms.AUDITOR))
        forbidden = send(auditor, route, world)
        assert forbidden.status_code == 403
        assert_documented(operation_id, forbidden)

    answered = send(member, route, world)  # last: it may delete what the others ask for
    assert 200 <= answered.status_code < 300, _body(answered)
    assert_documented(operation_id, answered)


def test_an_answer_outside_the_document_fails_the_check(world: World) -> None:
    """The check is not vacuous: a wrong body, media type or status is caught."""
    member = Client()
    sign_in(member, world.a.user("admin"))
    answer = member.get("/api/v1/companies/acme/members")
    assert_documented("list_members", answer)
    with pytest.raises(AssertionError, match='"email" is a required property'):
        assert_documented("get_member", answer)  # a page where one member is declared
    with pytest.raises(AssertionError, match="not declared"):
        assert_documented("list_members", member.delete("/api/v1/companies/acme/members"))
    page = json.loads(_body(answer))
    page["items"][0]["password"] = "x"  # a property the document does not declare
    with pytest.raises(AssertionError, match="password"):
        assert_documented("list_members", JsonResponse(page))
    pdf = member.get("/api/v1/companies/acme/members")
    pdf["Content-Type"] = "application/pdf"
    with pytest.raises(AssertionError, match="application/pdf not in"):
        assert_documented("list_members", pdf)
