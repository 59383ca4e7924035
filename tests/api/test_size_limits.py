"""No 5xx from input: every size limit answers 413, a body that cannot be parsed 400."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.test import Client

from tests.conftest import World

BASE = "/api/v1/companies/acme"
ORGANISATIONS = f"{BASE}/organisations"
WEB_ADD_ORGANISATION = "/c/acme/contacts/add/"


def _problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["status"], body["type"]) == (status, f"urn:strongroom:problem:{kind}")
    return body


def test_a_json_body_over_the_memory_limit_is_413(world: World, admin_client: Client) -> None:
    big = json.dumps({"name": "x" * (9 * 1024 * 1024), "country": "NO"})
    assert len(big) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = admin_client.post(ORGANISATIONS, big, content_type="application/json")
    body = _problem(response, 413, "too-large")
    assert body["detail"] == "The request body is larger than the limit."
    assert admin_client.get(ORGANISATIONS).json()["count"] == 0


def test_a_web_form_over_the_memory_limit_is_a_413_page(
    world: World, admin_client: Client, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = admin_client.post(
        WEB_ADD_ORGANISATION, {"name": "x" * 4096, "country": "NO"}
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "The request body is larger than the limit." in response.content.decode()


def test_a_body_that_is_not_json_is_400(world: World, admin_client: Client) -> None:
    for text in ('{"name": "Fjord"', "name=Fjord", "\xff"):
        response = admin_client.post(ORGANISATIONS, text, content_type="application/json")
        body = _problem(response, 400, "malformed-body")
        assert body["detail"] == "The body is not valid JSON."


def test_a_multipart_body_without_a_boundary_is_400(world: World, admin_client: Client) -> None:
    """Found by fuzzing: the form parser's refusal was a 500, on an upload and on a write whose
    Idempotency-Key fingerprints the body as the form its Content-Type says it is."""
    body = json.dumps({"name": "Fjord", "country": "NO"})
    documents = f"{BASE}/documents"
    for path, headers in ((documents, {}), (ORGANISATIONS, {"HTTP_IDEMPOTENCY_KEY": "k-1"})):
        response = admin_client.post(path, body, content_type="multipart/form-data", **headers)
        problem = _problem(response, 400, "malformed-body")
        assert problem["detail"] == "The body is not valid multipart/form-data."
    assert admin_client.get(ORGANISATIONS).json()["count"] == 0
