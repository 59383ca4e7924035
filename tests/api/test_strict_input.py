"""Strict input: bounded pages, known sorts, object bodies without unknown properties."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from strongroom.api.input import DATE_MESSAGE, REPEATED_MESSAGE
from strongroom.api.pagination import MAX_PAGE, MAX_PAGE_SIZE
from tests.conftest import World

BASE = "/api/v1/companies/acme"
ORGANISATIONS = f"{BASE}/organisations"
PAST_INT64 = str(2**63)
ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _openapi() -> dict[str, Any]:
    schema: dict[str, Any] = Client().get("/api/v1/openapi.json").json()
    return schema


def _company_lists(parameter: str) -> list[str]:
    """The company's list paths (no other path parameter) that take query ``parameter``."""
    return [
        path.replace("{company_slug}", "acme")
        for path, operations in _openapi()["paths"].items()
        if "get" in operations and path.count("{") == 1 and "{company_slug}" in path
        and any(p["name"] == parameter for p in operations["get"].get("parameters", []))
    ]


def _refused(response: Any, field: str) -> list[str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    errors: dict[str, list[str]] = response.json()["errors"]
    assert field in errors, errors
    return errors[field]


def _organisation(client: Client) -> str:
    response = client.post(
        ORGANISATIONS, json.dumps({"name": "Fjord AS", "country": "NO"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return str(response.json()["id"])


def test_every_paged_operation_documents_its_bounds() -> None:
    paged = 0
    for operations in _openapi()["paths"].values():
        for operation in operations.values():
            parameters = {p["name"]: p for p in operation.get("parameters", [])}
            if "page" in parameters:
                paged += 1
                assert parameters["page"]["schema"]["maximum"] == MAX_PAGE
                assert parameters["page_size"]["schema"]["maximum"] == MAX_PAGE_SIZE
    assert paged > 20


def test_page_past_a_64_bit_offset_is_refused_on_every_list(
    world: World, admin_client: Client
) -> None:
    lists = _company_lists("page")
    assert f"{BASE}/organisations" in lists
    assert len(lists) > 10
    for path in lists:
        assert _refused(admin_client.get(path, {"page": PAST_INT64}), "page"), path
    history = f"{BASE}/members/{world.a.members['employee'].pk}/history"
    _refused(admin_client.get(history, {"page": PAST_INT64}), "page")
    _refused(admin_client.get(ORGANISATIONS, {"page": MAX_PAGE + 1}), "page")
    last = admin_client.get(ORGANISATIONS, {"page": MAX_PAGE, "page_size": MAX_PAGE_SIZE})
    assert last.status_code == 200
    assert last.json()["items"] == []


def test_page_size_above_the_maximum_is_refused_not_capped(admin_client: Client) -> None:
    _refused(admin_client.get(ORGANISATIONS, {"page_size": MAX_PAGE_SIZE + 1}), "page_size")
    assert admin_client.get(ORGANISATIONS, {"page_size": MAX_PAGE_SIZE}).status_code == 200


def test_every_sort_is_an_enum_and_an_unknown_one_is_refused(
    world: World, admin_client: Client
) -> None:
    sorted_lists = _company_lists("sort")
    assert len(sorted_lists) >= 6, sorted_lists
    for path in sorted_lists:
        _refused(admin_client.get(path, {"sort": "password"}), "sort")
    for operations in _openapi()["paths"].values():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter["name"] == "sort":
                assert parameter["schema"]["enum"], parameter
    assert admin_client.get(ORGANISATIONS, {"sort": "-city"}).status_code == 200


@pytest.mark.parametrize(
    ("body", "kind"),
    [("[null, null]", "an array"), ('"name"', "a string"), ("42", "a number"),
     ("null", "null"), ("true", "a boolean")],
)
def test_a_body_that_is_not_an_object_is_refused(
    world: World, admin_client: Client, body: str, kind: str
) -> None:
    organisation = f"{ORGANISATIONS}/{_organisation(admin_client)}"
    patched = admin_client.patch(organisation, body, content_type="application/json")
    assert _refused(patched, "__all__") == [f"Expected a JSON object, got {kind}."]
    created = admin_client.post(ORGANISATIONS, body, content_type="application/json")
    assert _refused(created, "__all__") == [f"Expected a JSON object, got {kind}."]
    assert admin_client.get(organisation).json()["name"] == "Fjord AS"


def test_unknown_properties_are_refused_each_by_name(world: World, admin_client: Client) -> None:
    body = {"name": "Fjord AS", "country": "NO", "is_admin": True, "owner": "me"}
    response = admin_client.post(ORGANISATIONS, json.dumps(body), content_type="application/json")
    assert _refused(response, "is_admin") == ["Extra inputs are not permitted"]
    assert "owner" in response.json()["errors"]
    organisation = f"{ORGANISATIONS}/{_organisation(admin_client)}"
    patched = admin_client.patch(
        organisation, json.dumps({"city": "Bergen", "cty": "Oslo"}),
        content_type="application/json",
    )
    _refused(patched, "cty")
    assert admin_client.get(organisation).json()["city"] == ""


def _object_schemas(schema: Any, components: dict[str, Any], seen: set[str]) -> list[Any]:
    """Every object schema a request body schema is made of (through $ref, allOf, items...)."""
    found: list[Any] = []
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                found += _object_schemas(components[name], components, seen)
            return found
        if schema.get("type") == "object" and "properties" in schema:
            found.append(schema)
        for value in schema.values():
            found += _object_schemas(value, components, seen)
    elif isinstance(schema, list):
        for value in schema:
            found += _object_schemas(value, components, seen)
    return found


def test_every_request_body_forbids_additional_properties() -> None:
    document = _openapi()
    components = document["components"]["schemas"]
    bodies = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                bodies += 1
                objects = _object_schemas(media["schema"], components, set())
                assert objects, (method, path)
                for schema in objects:
                    assert schema.get("additionalProperties") is False, (method, path, schema)
    assert bodies > 30


def test_free_text_is_cleaned_before_the_required_and_length_rules(
    world: World, admin_client: Client
) -> None:
    def create(name: str) -> Any:
        return admin_client.post(
            ORGANISATIONS, json.dumps({"name": name, "country": "NO"}),
            content_type="application/json",
        )

    for invisible in ("\u200b", "\ufeff\u200e\u200f", "\u202e\u2066\u2069", "\u200d"):
        assert _refused(create(invisible), "name")
    assert create("\ufeffFjord\u200b AS").json()["name"] == "Fjord AS"
    assert create("Bjo\u0308rn AS").json()["name"] == "Bj\u00f6rn AS"
    # the length rule counts what is left: 200 characters and 50 zero-width spaces fit
    assert create("x" * 200 + "\u200b" * 50).status_code == 201
    organisation = f"{ORGANISATIONS}/{create('Fjord AS').json()['id']}"
    patched = admin_client.patch(
        organisation, json.dumps({"name": "\u200b\u200b"}), content_type="application/json"
    )
    _refused(patched, "name")
    company = admin_client.patch(
        BASE, json.dumps({"name": "\ufeffAcme\u202e AS"}), content_type="application/json"
    )
    assert company.json()["name"] == "Acme AS"


def test_sort_enums_are_the_selectors_sort_keys() -> None:
    from typing import get_args

    from strongroom.records.contacts import schemas as contact_schemas
    from strongroom.records.contacts import selectors as contact_selectors
    from strongroom.records.documents import schemas as document_schemas
    from strongroom.records.documents import selectors as document_selectors

    pairs = [
        (contact_schemas.OrganisationSort, contact_selectors.ORGANISATION_SORTS),
        (contact_schemas.PersonSort, contact_selectors.PERSON_SORTS),
        (document_schemas.DocumentSort, document_selectors.SORTS),
    ]
    for literal, sorts in pairs:
        assert set(get_args(literal)) == set(sorts)


def test_a_secret_is_kept_as_sent_and_documented_as_a_password() -> None:
    from strongroom.identity.api import SsoProviderIn

    provider = SsoProviderIn.model_validate({
        "name": "\ufeffEntra\u200b", "issuer": "https://login.example/", "client_id": "app",
        "client_secret": "\u200bs3cr\u00e9t\ufeff",
    })
    assert (provider.name, provider.client_secret) == ("Entra", "\u200bs3cr\u00e9t\ufeff")
    schema = _openapi()["components"]["schemas"]["SsoProviderIn"]["properties"]
    assert schema["client_secret"]["format"] == "password"
    assert "format" not in schema["name"]


def test_a_null_character_is_refused_by_field_not_a_500(world: World, admin_client: Client) -> None:
    """Found by fuzzing on PostgreSQL, whose text cannot hold U+0000: a 500 there. In a company
    slug it is a company that does not exist."""
    for path, method, body, field in (
        (f"{BASE}/invoice-settings", "patch", {"address": "Storgata 1\x00"}, "address"),
        (ORGANISATIONS, "post", {"name": "Fjord\x00", "country": "NO"}, "name"),
        (f"{BASE}/members", "post",
         {"email": "new@acme.test", "role": "employee", "tags": ["team:oslo\x00"]}, "tags"),
    ):
        response = getattr(admin_client, method)(
            path, json.dumps(body), content_type="application/json"
        )
        assert _refused(response, field) == ["Null characters are not allowed."]
    assert admin_client.get(ORGANISATIONS).json()["count"] == 0
    assert _refused(admin_client.get(f"{ORGANISATIONS}?q=a%00"), "q") == [
        "Null characters are not allowed."
    ]
    unknown = admin_client.get("/api/v1/companies/nope")
    assert admin_client.get("/api/v1/companies/ac%00me").content == unknown.content


def test_a_lone_surrogate_is_refused_not_a_500(world: World, admin_client: Client) -> None:
    body = '{"name": "Fjord \\ud800", "country": "NO"}'
    response = admin_client.post(ORGANISATIONS, body, content_type="application/json")
    assert response.status_code in (400, 422), response.content


def _inputs(schema: dict[str, Any], components: dict[str, Any], where: str,
            matches: Callable[[dict[str, Any]], bool],
            seen: frozenset[str] = frozenset()) -> list[tuple[str, dict[str, Any]]]:
    """Every value an input ``schema`` takes that ``matches``, with where it is (``$ref``s
    followed)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return _inputs(components[name], components, f"{where}.{name}", matches, seen | {name})
    found = [(where, schema)] if matches(schema) else []
    for alternative in (*schema.get("anyOf", ()), *schema.get("oneOf", ())):
        found += _inputs(alternative, components, where, matches, seen)
    for name, value in schema.get("properties", {}).items():
        found += _inputs(value, components, f"{where}.{name}", matches, seen)
    if "items" in schema:
        found += _inputs(schema["items"], components, f"{where}[]", matches, seen)
    return found


def _document_inputs(
    matches: Callable[[dict[str, Any]], bool],
) -> list[tuple[str, dict[str, Any]]]:
    """Every parameter and body value of the OpenAPI document that ``matches``."""
    document = _openapi()
    components = document["components"]["schemas"]
    found: list[tuple[str, dict[str, Any]]] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                where = f"{method} {path} {parameter['name']}"
                found += _inputs(parameter["schema"], components, where, matches)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                found += _inputs(content["schema"], components, f"{method} {path} body", matches)
    return found


def test_every_integer_the_api_takes_fits_64_bits() -> None:
    found = _document_inputs(lambda schema: schema.get("type") == "integer")
    unbounded = [
        where for where, schema in found
        if schema.get("maximum", 2**63) > 2**63 - 1 or schema.get("minimum", -(2**64)) < -(2**63)
    ]
    assert len(found) > 30
    assert not unbounded


def test_every_date_the_api_takes_is_a_calendar_date_only() -> None:
    found = _document_inputs(lambda schema: schema.get("format") == "date")
    assert len(found) >= 11
    assert [where for where, schema in found if schema.get("pattern") != ISO_DATE] == []


@pytest.mark.parametrize("value", ["0", "1700000000", "20250101", "2025-01-01T10:00", "2025-1-1"])
def test_a_date_that_is_not_yyyy_mm_dd_is_refused(
    world: World, admin_client: Client, value: str
) -> None:
    for path in (f"{BASE}/audit-events", f"{BASE}/access-log", f"{BASE}/absences"):
        assert _refused(admin_client.get(path, {"until": value}), "until") == [DATE_MESSAGE]
    assert admin_client.get(f"{BASE}/absences", {"until": "2026-03-02"}).status_code == 200
    for number in (value, int(value) if value.isdigit() else value):
        invoice = admin_client.post(
            f"{BASE}/invoices/{uuid.uuid4()}/payment", json.dumps({"paid_on": number}),
            content_type="application/json",
        )
        assert _refused(invoice, "paid_on") == [DATE_MESSAGE]


def test_a_single_value_parameter_given_twice_is_refused(
    world: World, admin_client: Client
) -> None:
    twice = admin_client.get(f"{ORGANISATIONS}?q=fjord&q=acme")
    assert _refused(twice, "q") == [REPEATED_MESSAGE]
    assert admin_client.get(f"{ORGANISATIONS}?q=fjord").status_code == 200
    paged = admin_client.get(f"{ORGANISATIONS}?page=1&page=2")
    assert _refused(paged, "page") == [REPEATED_MESSAGE]


def test_an_integer_past_64_bits_is_a_422_not_a_500(world: World, admin_client: Client) -> None:
    _refused(admin_client.get(f"{BASE}/absences", {"membership_id": PAST_INT64}), "membership_id")
    member = admin_client.get(f"{BASE}/members/{PAST_INT64}")
    assert member.status_code == 422, member.content
    assert member["Content-Type"] == "application/problem+json"
    body = {"membership_id": 2**80, "category": "vacation", "start": "2026-03-02",
            "end": "2026-03-03"}
    created = admin_client.post(f"{BASE}/absences", json.dumps(body),
                                content_type="application/json")
    _refused(created, "membership_id")
