"""API operations of documents (mounted by project/api.py)."""

import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import File, Form, Query
from ninja.files import UploadedFile
from ninja.responses import Status

from strongroom.api.history import (
    HISTORY_DESCRIPTION,
)
from strongroom.api.input import Int64
from strongroom.api.router import Router
from strongroom.api.schemas.common import DOWNLOAD_ERRORS, READ_ERRORS, WRITE_ERRORS
from strongroom.api.schemas.downloads import download
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.files.http import download_response
from strongroom.records.documents import actions, selectors
from strongroom.records.documents.models import Document, DocumentVersion
from strongroom.records.documents.permissions import DOCUMENT_VIEW
from strongroom.records.documents.schemas import (
    DocumentCreateForm,
    DocumentDetailOut,
    DocumentFilters,
    DocumentOut,
    DocumentPatch,
    VersionCreateForm,
    VersionOut,
)

router = Router(tags=["Documents"])
DOCUMENTS = "/companies/{company_slug}/documents"
ONE = DOCUMENTS + "/{document_id}"
BINARY = download(
    "The file, as an attachment (Content-Disposition), with its detected media type and "
    "X-Content-Type-Options: nosniff. The download is noted in the access log."
)
UPLOAD_NOTE = (
    " Send multipart/form-data with the file in `file`. Accepted: PDF, PNG, JPEG, WebP, GIF, "
    "text, CSV, docx and xlsx whose content matches the extension, up to the size limit; "
    "anything else is a 422 with the reason under `errors.file`."
)


def _detail(actor: Actor, document: Document) -> Document:
    document.version_list = list(selectors.versions(actor, document))  # type: ignore[attr-defined]
    return document


@router.listing(
    DOCUMENTS,
    item=DocumentOut,
    permission=DOCUMENT_VIEW,
    summary="List documents",
    description="Documents of the company and of records the caller can see; search, filter "
    "by the record they are attached to, sort; paginated.",
)
def list_documents(
    request: HttpRequest, actor: CompanyActor, filters: Query[DocumentFilters]
) -> QuerySet[Document]:
    return selectors.documents(
        actor, q=filters.q, target_type=filters.target_type, target_id=filters.target_id,
        sort=filters.sort,
    )


@router.get(
    ONE,
    response={200: DocumentDetailOut, **READ_ERRORS},
    summary="Get a document with its versions",
)
def get_document(request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID) -> Document:
    return _detail(actor, selectors.document(actor, document_id))


router.history(
    ONE, name="document_history", summary="History of a document",
    lookup=selectors.document, permission=DOCUMENT_VIEW, id_type=uuid.UUID,
    description=HISTORY_DESCRIPTION + " Versions have their own entries, listed with the "
    "document's audit events.",
)


@router.post(
    DOCUMENTS,
    response={201: DocumentDetailOut, **WRITE_ERRORS},
    summary="Upload a document",
    description="Version 1 of a new document, for the company or attached to a record the "
    "caller can see (target_type and target_id)." + UPLOAD_NOTE,
)
def create_document(
    request: HttpRequest,
    actor: CompanyActor,
    file: File[UploadedFile],
    payload: Form[DocumentCreateForm],
) -> Status[Document]:
    document = actions.create_document(
        actor=actor, upload=file, title=payload.title, description=payload.description,
        target_type=payload.target_type, target_id=payload.target_id, note=payload.note,
    )
    return Status(201, _detail(actor, selectors.document(actor, document.pk)))


@router.patch(
    ONE,
    response={200: DocumentDetailOut, **WRITE_ERRORS},
    summary="Change a document's title or description",
)
def update_document(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID, payload: DocumentPatch
) -> Document:
    document = selectors.document(actor, document_id)
    given = payload.dict(exclude_unset=True)
    actions.update_document(
        actor=actor, document=document, title=given.get("title"),
        description=given.get("description"),
    )
    return _detail(actor, selectors.document(actor, document_id))


@router.delete(
    ONE,
    response={204: None, **WRITE_ERRORS},
    summary="Delete a document",
    description="Deletes every version and removes their files from storage (P-D4).",
)
def delete_document(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID
) -> Status[None]:
    actions.delete_document(actor=actor, document=selectors.document(actor, document_id))
    return Status(204, None)


@router.get(
    ONE + "/versions",
    response={200: list[VersionOut], **READ_ERRORS},
    summary="List a document's versions",
    description="Newest first.",
)
def list_document_versions(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID
) -> QuerySet[DocumentVersion]:
    return selectors.versions(actor, selectors.document(actor, document_id))


@router.post(
    ONE + "/versions",
    response={201: VersionOut, **WRITE_ERRORS},
    summary="Upload a new version",
    description="Earlier versions are kept." + UPLOAD_NOTE,
)
def add_document_version(
    request: HttpRequest,
    actor: CompanyActor,
    document_id: uuid.UUID,
    file: File[UploadedFile],
    payload: Form[VersionCreateForm],
) -> Status[DocumentVersion]:
    document = selectors.document(actor, document_id)
    version = actions.add_document_version(
        actor=actor, document=document, upload=file, note=payload.note
    )
    return Status(201, selectors.version(actor, document, version.number))


@router.delete(
    ONE + "/versions/{number}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete one version",
    description="Removes its file from storage. The only version cannot be deleted (422): "
    "delete the document.",
)
def delete_document_version(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID, number: Int64
) -> Status[None]:
    document = selectors.document(actor, document_id)
    actions.delete_document_version(
        actor=actor, version=selectors.version(actor, document, number)
    )
    return Status(204, None)


@router.get(
    ONE + "/content",
    response=DOWNLOAD_ERRORS,
    summary="Download the newest version",
    openapi_extra=BINARY,
)
def download_document(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID
) -> HttpResponseBase:
    return _download(request, actor, document_id, None)


@router.get(
    ONE + "/versions/{number}/content",
    response=DOWNLOAD_ERRORS,
    summary="Download one version",
    openapi_extra=BINARY,
)
def download_document_version(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID, number: Int64
) -> HttpResponseBase:
    return _download(request, actor, document_id, number)


def _download(
    request: HttpRequest, actor: CompanyActor, document_id: uuid.UUID, number: Int64 | None
) -> HttpResponseBase:
    document = selectors.document(actor, document_id)
    return download_response(selectors.download(actor, document, number))
