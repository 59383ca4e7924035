"""Every API operation fuzzed with schemathesis against the OpenAPI document the API serves:
no server error, no answer outside the document (status, media type, headers, body schema).

Each operation is one test, in its own transaction (fuzzed writes never reach another test),
called in process with the API key of the member the permission matrix permits it to, inside
company A of the test world; every other request uses the real ids of the matrix's own object
(``tests/<area>/routes.py``), so lookups also find records. Generation is derandomized: the same
cases every run. ``STRONGROOM_FUZZ_EXAMPLES`` sets the cases per operation (CI: the default);
``STRONGROOM_FUZZ_COVERAGE=1`` adds schemathesis's coverage phase (boundary values, wrong
content types, every parameter missing). ``make fuzz`` runs both, longer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from strongroom.project.api import api
from tests.conftest import World
from tests.factories import make_api_key
from tests.matrix import OWN, Route
from tests.test_permission_matrix import ROUTES

EXAMPLES = int(os.environ.get("STRONGROOM_FUZZ_EXAMPLES", "20"))
COVERAGE = os.environ.get("STRONGROOM_FUZZ_COVERAGE", "") == "1"
COMPANY = "acme"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Operation id -> (the check it is spared, why): only a documented business-rule refusal
# belongs here, each with its reason. Empty: every operation passes every check.
ALLOWED: dict[str, tuple[Any, str]] = {}
API_ROUTES = {route.name.removeprefix("api-1.0.0:"): route for route in ROUTES if route.api}


class InProcess:
    """The Django application as WSGI inside the test's transaction: as with Django's test
    client, the end of a request does not close the test's database connection."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


DOCUMENT = api.get_openapi_schema()
SCHEMA = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict({
        "seed": 18,
        "parameters": {"company_slug": COMPANY},
        "phases": {"coverage": {"enabled": COVERAGE}},
    }),
)
SCHEMA.app = InProcess()


def _own_ids(route: Route, world: World, template: str) -> dict[str, str]:
    """The path parameters of ``template`` in the URL of the route's own object."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    match = re.fullmatch(pattern, route.path(world, OWN))
    assert match is not None, (template, route.name)
    return match.groupdict()


class Caller:
    """Per operation: a key of the member the matrix permits, and the ids of real records."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.seen: dict[str, tuple[str, dict[str, str]]] = {}
        self.calls = 0

    def prepare(self, case: schemathesis.Case) -> str:
        """The key for ``case``'s operation; every other call gets real ids where the case's
        path is not the part made invalid on purpose."""
        operation_id = case.operation.definition.raw["operationId"]
        if operation_id not in self.seen:
            route = API_ROUTES.get(operation_id)  # GET /me is company-free and not a route
            role = route.permitted_role if route is not None else "admin"
            _, key = make_api_key(self.world.a.members[role], name="Fuzzing")
            ids = _own_ids(route, self.world, case.operation.path) if route else {}
            self.seen[operation_id] = (key, ids)
        key, ids = self.seen[operation_id]
        self.calls += 1
        negative_path = case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH)
        if self.calls % 2 and ids and not negative_path and case.path_parameters is not None:
            case.path_parameters.update(ids)
        return key


@pytest.fixture
def caller(world: World) -> Caller:
    return Caller(world)


@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # One world per operation, not per case; cases may be slow, large or filtered.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
def test_operation(case: schemathesis.Case, caller: Caller) -> None:
    key = caller.prepare(case)
    allowed = ALLOWED.get(case.operation.definition.raw["operationId"])
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"},
        checks=[check for check in CHECKS if allowed is None or check is not allowed[0]],
    )


def test_the_allow_list_names_operations_that_exist() -> None:
    operations = {
        operation["operationId"]
        for item in DOCUMENT["paths"].values() for operation in item.values()
    }
    assert set(ALLOWED) <= operations
    assert all(check in CHECKS and reason for check, reason in ALLOWED.values())
