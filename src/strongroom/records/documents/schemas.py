"""Request and response bodies of the documents API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from strongroom.api.input import InputSchema, Int64
from strongroom.records.documents.models import Document, DocumentVersion

# The keys of selectors.SORTS (tests/documents check they agree).
DocumentSort = Literal[
    "title", "-title", "updated", "-updated", "created", "-created", "size", "-size"
]


class FileOut(Schema):
    name: str = Field(..., examples=["Framework agreement 2026.pdf"])
    content_type: str = Field(..., examples=["application/pdf"])
    size: Int64 = Field(..., examples=[182044])
    sha256: str = Field(
        ..., examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]
    )


class VersionOut(Schema):
    number: Int64 = Field(..., examples=[2])
    file: FileOut
    note: str = Field(..., examples=["Signed copy"])
    uploaded_by: str = Field(..., examples=["Kari Nordmann"])
    created_at: datetime

    @staticmethod
    def resolve_uploaded_by(obj: DocumentVersion) -> str:
        return obj.created_by.display_name if obj.created_by is not None else ""


class DocumentOut(Schema):
    id: uuid.UUID
    title: str = Field(..., examples=["Framework agreement"])
    description: str = Field(..., examples=["Signed by both parties."])
    target_type: str = Field(
        ..., description="The record type it is attached to; empty for the company.",
        examples=["contacts.organisation"],
    )
    target_id: uuid.UUID | None = Field(None, examples=["0b8f5d2e-3c1a-4f7e-9d6b-2a4c8e1f0a3b"])
    version_count: Int64 = Field(..., examples=[2])
    current: FileOut | None = Field(None, description="The newest version's file.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_current(obj: Document) -> object:
        return obj.current_file


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(obj: Document) -> object:
        return getattr(obj, "version_list", [])


class DocumentCreateForm(InputSchema):
    """Form fields sent with the file (multipart/form-data)."""

    title: str = Field("", max_length=200, description="Defaults to the file's name.",
                       examples=["Framework agreement"])
    description: str = Field("", max_length=5000, examples=[""])
    target_type: str = Field("", description="A record type (see list_documents) or empty "
                             "for the company.", examples=["contacts.organisation"])
    target_id: uuid.UUID | None = Field(None, examples=["0b8f5d2e-3c1a-4f7e-9d6b-2a4c8e1f0a3b"])
    note: str = Field("", max_length=300, examples=["First draft"])


class VersionCreateForm(InputSchema):
    note: str = Field("", max_length=300, examples=["Signed copy"])


class DocumentPatch(InputSchema):
    """Only the fields given change."""

    title: str | None = Field(None, max_length=200, examples=["Framework agreement (signed)"])
    description: str | None = Field(None, max_length=5000, examples=[None])


class DocumentFilters(Schema):
    q: str = Field("", description="Search titles, descriptions and file names.",
                   examples=["agreement"])
    target_type: str | None = Field(
        None, description="Only documents attached to this record type; empty string for "
        "the company's own.", examples=["contacts.organisation"],
    )
    target_id: uuid.UUID | None = Field(None, description="Only those attached to this record.")
    sort: DocumentSort = Field("-updated", description="title, updated, created or size; "
                               "prefix - for descending.", examples=["title"])
