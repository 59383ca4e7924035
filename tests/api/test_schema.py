"""What the OpenAPI document promises clients: one schema per component name, typed path ids,
enumerations as enums, downloads under their real media types, and no query parameter but the
declared ones (tests/api/test_responses.py checks real answers against it)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client
from ninja import Router, Schema

from strongroom.api.input import query_names
from strongroom.platform.files.kinds import ALLOWED
from strongroom.project.api import ComponentNameCollision, StrongroomAPI, api
from tests.auth import sign_in
from tests.conftest import World
from tests.factories import make_api_key

BASE = "/api/v1/companies/acme"


def _document() -> dict[str, Any]:
    served: dict[str, Any] = Client().get("/api/v1/openapi.json").json()
    return served


def _operations() -> list[dict[str, Any]]:
    return [op for path in _document()["paths"].values() for op in path.values()]


def _api_answering(*schemas: type[Schema]) -> StrongroomAPI:
    """An API with one operation answering each schema."""
    local = StrongroomAPI(urls_namespace="schema-test", docs_url=None)
    for number, schema in enumerate(schemas):
        router = Router()

        def thing(request: HttpRequest) -> Any:
            return None

        thing.__name__ = f"thing_{number}"
        router.get(f"/things/{number}", response=schema)(thing)
        local.add_router("", router)
    return local


def _person(**fields: type) -> type[Schema]:
    return type("PersonOut", (Schema,), {"__annotations__": fields})


def test_two_schemas_under_one_name_are_refused() -> None:
    contact, member = _person(id=uuid.UUID, job_title=str), _person(membership_id=int)
    with pytest.raises(ComponentNameCollision, match="'PersonOut'"):
        _api_answering(contact, member).get_openapi_schema(path_prefix="")
    with pytest.raises(ComponentNameCollision, match=r"'PersonOut'"):
        _api_answering(member, contact).get_openapi_schema(path_prefix="")
    twice = _api_answering(member, member).get_openapi_schema(path_prefix="")  # one class
    assert set(twice["components"]["schemas"]) == {"PersonOut"}


@pytest.mark.django_db
def test_contact_persons_and_approval_members_are_distinct_components() -> None:
    schemas = _document()["components"]["schemas"]
    assert {"id", "organisation_id", "job_title", "phone"} <= set(
        schemas["ContactPersonOut"]["properties"]
    )
    assert set(schemas["ApprovalMemberRef"]["properties"]) == {"membership_id", "name", "email"}
    assert "PersonOut" not in schemas
    answered = {
        op["operationId"]: op["responses"]["200" if op["operationId"].startswith(("get", "up"))
                                           else "201"]
        for op in _operations() if op["operationId"] in (
            "get_contact_person", "create_contact_person", "update_contact_person")
    }
    for response in answered.values():
        ref = response["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ContactPersonOut")


@pytest.mark.django_db
def test_path_ids_are_uuids_or_integers() -> None:
    seen: dict[str, set[str]] = {"uuid": set(), "integer": set()}
    for op in _operations():
        for parameter in op.get("parameters", []):
            if parameter["in"] != "path" or parameter["name"] == "company_slug":
                continue
            schema = parameter["schema"]
            kind = "uuid" if schema.get("format") == "uuid" else schema.get("type")
            assert kind in seen, (op["operationId"], parameter)
            seen[kind].add(parameter["name"])
    assert {"organisation_id", "person_id", "document_id", "invoice_id"} <= seen["uuid"]
    assert {"membership_id", "role_id", "number"} <= seen["integer"]


@pytest.mark.parametrize("path", [
    "organisations/not-a-uuid", "contact-persons/42/history", "documents/x/content",
])
def test_a_malformed_uuid_in_the_path_is_a_422(world: World, path: str) -> None:
    client = sign_in(Client(), world.a.user("admin"))
    response = client.get(f"{BASE}/{path}")
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_downloads_declare_the_media_types_they_send() -> None:
    by_id = {op["operationId"]: op for op in _operations()}
    stored = {kind.content_type for kind in ALLOWED}
    for operation_id in ("download_document", "download_document_version",
                         "get_expense_receipt"):
        content = by_id[operation_id]["responses"]["200"]["content"]
        assert set(content) == stored, operation_id
        assert all(c["schema"] == {"type": "string", "format": "binary"}
                   for c in content.values())
    assert set(by_id["get_invoice_pdf"]["responses"]["200"]["content"]) == {"application/pdf"}


def test_unknown_query_parameters_are_refused_each_by_name(world: World) -> None:
    client = sign_in(Client(), world.a.user("admin"))
    response = client.get(f"{BASE}/organisations", {"sort": "name", "contry": "NO", "x": "1"})
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {
        "contry": ["Unknown query parameter."], "x": ["Unknown query parameter."],
    }
    declared = client.get(f"{BASE}/organisations", {"sort": "name", "country": "NO", "page": 1})
    assert declared.status_code == 200
    written = client.post(f"{BASE}/organisations?dry_run=1", json.dumps(
        {"name": "Fjord AS", "country": "NO"}), content_type="application/json")
    assert written.status_code == 422
    assert client.get(f"{BASE}/organisations").json()["count"] == 0


def test_an_api_key_is_held_to_the_same_rule(world: World) -> None:
    _, key = make_api_key(world.a.members["admin"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(f"{BASE}/members").status_code == 200
    refused = client.get(f"{BASE}/members", {"api_key": key})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["api_key"]
    retried = client.post(
        f"{BASE}/organisations?idempotency_key=abc", json.dumps({"name": "A", "country": "NO"}),
        content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc",
    )
    assert retried.status_code == 422  # the key is a header, never a query parameter


def test_web_pages_and_the_document_take_any_query(world: World) -> None:
    client = sign_in(Client(), world.a.user("admin"))
    assert client.get("/c/acme/contacts/", {"utm_source": "mail"}).status_code == 200
    assert client.get("/api/v1/openapi.json", {"v": "2"}).status_code == 200


def test_every_operation_refuses_undeclared_query_parameters() -> None:
    """Each operation's declared names are what the document lists (the router's rule)."""
    document = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    listed = {
        op["operationId"]: {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        for path in document["paths"].values() for op in path.values()
    }
    checked = 0
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                assert query_names(operation.path, operation.view_func) == listed[
                    operation.operation_id], operation.operation_id
                checked += 1
    assert checked == len(listed)


@pytest.mark.django_db
@pytest.mark.parametrize(("component", "field", "values"), [
    ("ApiKeyOut", "status", {"active", "expired", "revoked"}),
    ("GrantIn", "scope", {"read_only", "full"}),
    ("GrantOut", "scope", {"read_only", "full"}),
    ("InvoiceSummaryOut", "status", {"draft", "issued", "paid"}),
    ("ClaimSummaryOut", "status", {"draft", "submitted", "approved", "rejected", "reimbursed"}),
    ("AbsenceOut", "status", {"pending", "approved", "rejected", "withdrawn", "cancelled"}),
    ("MemberPatch", "role", {"owner", "admin", "manager", "accountant", "employee", "auditor",
                             "custom"}),
])
def test_enumerations_are_enums_not_prose(component: str, field: str, values: set[str]) -> None:
    schema = _document()["components"]["schemas"][component]["properties"][field]
    strings = [b for b in schema.get("anyOf", [schema]) if b.get("type") == "string"]
    assert [set(b["enum"]) for b in strings] == [values]
    if "anyOf" in schema:
        assert {"type": "null"} in schema["anyOf"]  # an optional field may still be left out


@pytest.mark.parametrize(("path", "body", "field"), [
    ("support/grants", {"hours": 1, "scope": "everything"}, "scope"),
    ("absence-types", {"name": "Leave", "category": "holiday"}, "category"),
    ("members", {"email": "new@acme.test", "role": "superuser"}, "role"),
])
def test_a_value_outside_an_input_enum_is_a_422(
    world: World, path: str, body: dict[str, Any], field: str
) -> None:
    client = sign_in(Client(), world.a.user("owner"))
    response = client.post(f"{BASE}/{path}", json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()
