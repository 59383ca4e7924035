"""Writes of documents: the @action functions, and building blocks for other apps' actions."""

from strongroom.records.documents.actions.documents import (
    add_document_version,
    create_document,
    delete_document,
    delete_document_version,
    remove_documents_of,
    update_document,
)

__all__ = [
    "add_document_version",
    "create_document",
    "delete_document",
    "delete_document_version",
    "remove_documents_of",
    "update_document",
]
