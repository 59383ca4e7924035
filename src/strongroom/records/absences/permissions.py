"""Permissions of absences."""

from strongroom.platform.access.permissions import (
    ACCOUNTANT,
    ADMIN,
    EMPLOYEE,
    MANAGER,
    READ,
    WRITE,
    register,
)

ABSENCE_VIEW = register(
    "absence.view", "See one's own absences and balances, and who is away", kind=READ,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE),
).name
ABSENCE_VIEW_ALL = register(
    "absence.view_all", "See everyone's absences, types, notes and balances", kind=READ,
    roles=(ADMIN, MANAGER),
).name
ABSENCE_REQUEST = register(
    "absence.request", "Request, withdraw and cancel one's own absences", kind=WRITE,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE), seen_with="absence.view",
).name
ABSENCE_MANAGE = register(
    "absence.manage", "Manage absence types and entitlements; register absences for others",
    kind=WRITE, roles=(ADMIN,), seen_with="absence.view_all",
).name
