"""Every OpenAPI operation has a matrix route and a documented response schema."""

from __future__ import annotations

from typing import Any

from strongroom.project.api import api
from tests.api.routes import PREFIX
from tests.test_permission_matrix import ROUTES as ALL_ROUTES

ROUTES = [route for route in ALL_ROUTES if route.api]  # every area's tests/<area>/routes.py

NOT_IN_MATRIX = {"get_me"}  # not company-scoped; see test_me.py


def _operations() -> dict[str, dict[str, Any]]:
    schema = api.get_openapi_schema()
    return {op["operationId"]: op for path in schema["paths"].values() for op in path.values()}


def test_every_operation_has_a_matrix_route() -> None:
    covered = {route.name.removeprefix(PREFIX) for route in ROUTES if route.api}
    missing = sorted(set(_operations()) - covered - NOT_IN_MATRIX)
    assert not missing, f"API operations without permission-matrix routes: {missing}"


def test_every_matrix_route_names_an_operation() -> None:
    names = {r.name.removeprefix(PREFIX) for r in ROUTES if r.api}
    unknown = sorted(names - set(_operations()))
    assert not unknown


def test_every_operation_documents_its_success_response() -> None:
    for operation_id, op in _operations().items():
        ok = {code: r for code, r in op["responses"].items() if str(code).startswith("2")}
        assert ok, f"{operation_id} has no 2xx response"
        for code, response in ok.items():
            if str(code) == "204":
                continue
            content = response["content"]  # JSON, or a file's bytes for downloads
            schema = (content.get("application/json") or next(iter(content.values())))["schema"]
            assert schema, f"{operation_id} {code} has no schema"
        assert op.get("summary"), f"{operation_id} has no summary"
        documented = {str(code) for code in op["responses"]}
        assert "401" in documented, f"{operation_id} does not document 401"
