"""The OpenAPI document and the bundled Swagger UI."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from strongroom.api.idempotency import WRITE_METHODS
from strongroom.api.schemas.common import ERROR_DESCRIPTIONS


@pytest.mark.django_db
def test_openapi_document_is_public_and_lists_company_paths() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Strongroom API"
    assert schema["info"]["version"] == "1.0.0"
    prefix = "/api/v1/companies/{company_slug}/"
    company_paths = [path for path in schema["paths"] if path.startswith(prefix)]
    assert "/api/v1/companies/{company_slug}/members" in company_paths
    assert "/api/v1/me" in schema["paths"]
    problem = schema["paths"]["/api/v1/me"]["get"]["responses"]["401"]["content"]
    assert "application/problem+json" in problem


@pytest.mark.django_db
def test_docs_render_without_external_assets() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert not [url for url in assets if re.match(r"(https?:)?//", url)], assets


def test_url_namespace() -> None:
    assert reverse("api-1.0.0:list_members", kwargs={"company_slug": "acme"}) == (
        "/api/v1/companies/acme/members"
    )


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = Client().get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items() for method, operation in item.items()
    ]


@pytest.mark.django_db
def test_every_operation_documents_the_errors_it_can_give() -> None:
    """401 and 403 (a session without its second factor) everywhere; on every write also 400
    (a malformed body or Idempotency-Key), 409 (its Idempotency-Key in use), 413 (too large)
    and 422, each with the problem+json body and a description of when."""
    for method, path, operation in _operations():
        responses = operation["responses"]
        expected = {"401", "403"}
        if path.startswith("/api/v1/companies/"):
            expected |= {"404", "422"}
        if method in WRITE_METHODS:
            expected |= {"400", "409", "413"}
        assert expected <= set(responses), (method, path, sorted(responses))
        for status in expected:
            assert list(responses[status]["content"]) == ["application/problem+json"]
            assert responses[status]["description"] == ERROR_DESCRIPTIONS[int(status)]


@pytest.mark.django_db
def test_downloads_of_stored_files_document_410() -> None:
    downloads = {
        operation["operationId"] for _, _, operation in _operations()
        if "410" in operation["responses"]
    }
    assert downloads == {"download_document", "download_document_version", "get_expense_receipt"}
