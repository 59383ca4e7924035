"""Permissions of documents."""

from strongroom.platform.access.permissions import (
    ACCOUNTANT,
    ADMIN,
    EMPLOYEE,
    MANAGER,
    READ,
    WRITE,
    register,
)

DOCUMENT_VIEW = register(
    "document.view", "See and download documents", kind=READ,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE),
).name
DOCUMENT_MANAGE = register(
    "document.manage", "Upload documents and new versions, change their titles", kind=WRITE,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE), seen_with="document.view",
).name
DOCUMENT_DELETE = register(
    "document.delete", "Delete documents and versions", kind=WRITE,
    roles=(ADMIN, MANAGER, ACCOUNTANT), seen_with="document.view",
).name
