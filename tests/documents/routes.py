"""Permission-matrix routes of documents, web and API (see tests/matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import World
from tests.documents.factories import make_document
from tests.files import samples
from tests.matrix import MISSING, OWN, Route

API = "/api/v1/companies/acme/documents"
PREFIX = "api-1.0.0:"
MISSING_ID = "00000000-0000-4000-8000-000000000000"
VIEW, MANAGE, DELETE = "document.view", "document.manage", "document.delete"


def _document_id(world: World, selector: str, versions: int = 1) -> str:
    if selector == MISSING:
        return MISSING_ID
    return str(make_document(world.a if selector == OWN else world.b, versions=versions).pk)


def _web(suffix: str = "") -> Callable[[World, str], str]:
    return lambda w, s: f"/c/{w.a.company.slug}/documents/{suffix}"


def _web_doc(suffix: str = "", versions: int = 1) -> Callable[[World, str], str]:
    return lambda w, s: (
        f"/c/{w.a.company.slug}/documents/{_document_id(w, s, versions)}/{suffix}"
    )


def _api_doc(suffix: str = "", versions: int = 1) -> Callable[[World, str], str]:
    return lambda w, s: f"{API}/{_document_id(w, s, versions)}{suffix}"


def _upload(world: World) -> dict[str, Any]:
    return {"file": samples.upload("minutes.txt", samples.TEXT), "title": "Minutes"}


def _version(world: World) -> dict[str, Any]:
    return {"file": samples.upload("agreement.pdf"), "note": "Signed"}


def _api(name: str, method: str, path: Any, permission: str, **kwargs: Any) -> Route:
    return Route(f"{PREFIX}{name}", method, path, permission, api=True, **kwargs)


ROUTES: list[Route] = [
    Route("web:documents", "GET", _web(), VIEW),
    Route("web:document_add", "GET", _web("add/"), MANAGE),
    Route("web:document_add", "POST", _web("add/"), MANAGE, data=_upload),
    Route("web:document_detail", "GET", _web_doc(), VIEW, object_level=True),
    Route("web:document_download", "GET", _web_doc("download/"), VIEW, object_level=True),
    Route(
        "web:document_version_download", "GET", _web_doc("versions/1/download/"), VIEW,
        object_level=True,
    ),
    Route("web:document_edit", "GET", _web_doc("edit/"), MANAGE, object_level=True),
    Route(
        "web:document_edit", "POST", _web_doc("edit/"), MANAGE, object_level=True,
        data=lambda w: {"title": "Renamed", "description": ""},
    ),
    Route("web:document_delete", "POST", _web_doc("delete/"), DELETE, object_level=True),
    Route(
        "web:document_version_add", "POST", _web_doc("versions/"), MANAGE, object_level=True,
        data=_version,
    ),
    Route(
        "web:document_version_delete", "POST", _web_doc("versions/1/delete/", versions=2),
        DELETE, object_level=True,
    ),
    _api("list_documents", "GET", lambda w, s: API, VIEW),
    _api("get_document", "GET", _api_doc(), VIEW, object_level=True),
    _api("document_history", "GET", _api_doc("/history"), VIEW, object_level=True),
    _api("create_document", "POST", lambda w, s: API, MANAGE, data=_upload, multipart=True),
    _api(
        "update_document", "PATCH", _api_doc(), MANAGE, object_level=True,
        data=lambda w: {"title": "Renamed"},
    ),
    _api("delete_document", "DELETE", _api_doc(), DELETE, object_level=True),
    _api("list_document_versions", "GET", _api_doc("/versions"), VIEW, object_level=True),
    _api(
        "add_document_version", "POST", _api_doc("/versions"), MANAGE, object_level=True,
        data=_version, multipart=True,
    ),
    _api(
        "delete_document_version", "DELETE", _api_doc("/versions/1", versions=2), DELETE,
        object_level=True,
    ),
    _api("download_document", "GET", _api_doc("/content"), VIEW, object_level=True),
    _api(
        "download_document_version", "GET", _api_doc("/versions/1/content"), VIEW,
        object_level=True,
    ),
]
