"""Writes of documents: the @action functions (other apps' actions call ``steps``)."""

from strongroom.records.documents.actions.documents import (
    add_document_version,
    create_document,
    delete_document,
    delete_document_version,
    update_document,
)

__all__ = [
    "add_document_version",
    "create_document",
    "delete_document",
    "delete_document_version",
    "update_document",
]
