"""Permissions of API keys. Every member but an auditor may create keys for themselves."""

from strongroom.platform.access.permissions import (
    ACCOUNTANT,
    ADMIN,
    EMPLOYEE,
    MANAGER,
    READ,
    WRITE,
    register,
)

APIKEY_CREATE = register(
    "apikey.create", "Create API keys for oneself", kind=WRITE,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE),
).name
APIKEY_VIEW_ANY = register(
    "apikey.view_any", "See every API key of the company", kind=READ, roles=(ADMIN,)
).name
APIKEY_REVOKE_ANY = register(
    "apikey.revoke_any", "Revoke any API key of the company", kind=WRITE, roles=(ADMIN,),
    seen_with="apikey.view_any",
).name
SECURITY_VIEW_MEMBERS = register(
    "security.view_members", "See members' sign-ins and credential changes", kind=READ,
    roles=(ADMIN,),
).name
