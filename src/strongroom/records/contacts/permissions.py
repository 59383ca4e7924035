"""Permissions of contacts: who sees and who changes organisations and contact persons."""

from strongroom.platform.access.permissions import (
    ACCOUNTANT,
    ADMIN,
    EMPLOYEE,
    MANAGER,
    READ,
    WRITE,
    register,
)

CONTACT_VIEW = register(
    "contact.view", "See organisations and contact persons", kind=READ,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE),
).name
CONTACT_MANAGE = register(
    "contact.manage", "Create, change and delete organisations and contact persons",
    kind=WRITE, roles=(ADMIN, MANAGER, ACCOUNTANT), seen_with="contact.view",
).name
