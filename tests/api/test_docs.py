"""The OpenAPI document and the bundled Swagger UI."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse


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
