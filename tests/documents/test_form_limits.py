"""The documents API's multipart forms: size limits answer 413, unknown fields 422."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client

from tests.conftest import World
from tests.files import samples

DOCUMENTS = "/api/v1/companies/acme/documents"


def _problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["status"], body["type"]) == (status, f"urn:strongroom:problem:{kind}")
    return body


def test_too_many_form_fields_or_files_is_413(
    world: World, manager_client: Client, files_dir: Path, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    fields: dict[str, Any] = {f"f{n}": "x" for n in range(6)}
    fields["file"] = samples.upload("plan.txt", b"draft\n")
    body = _problem(manager_client.post(DOCUMENTS, fields), 413, "too-large")
    assert body["detail"] == "The request has too many fields."
    files = {f"file{n}": samples.upload(f"p{n}.txt", b"draft\n") for n in range(3)}
    body = _problem(manager_client.post(DOCUMENTS, files), 413, "too-large")
    assert body["detail"] == "The request has too many files."


def test_a_multipart_field_the_operation_does_not_take_is_refused(
    world: World, manager_client: Client, files_dir: Path
) -> None:
    response = manager_client.post(
        DOCUMENTS, {"file": samples.upload("plan.txt", b"draft\n"), "owner": "me"}
    )
    body = _problem(response, 422, "validation-error")
    assert body["errors"] == {"owner": ["Extra inputs are not permitted"]}
    assert manager_client.get(DOCUMENTS).json()["count"] == 0
    fine = manager_client.post(DOCUMENTS, {"file": samples.upload("plan.txt", b"draft\n"),
                                         "title": "Plan", "note": "first"})
    assert fine.status_code == 201, fine.content
