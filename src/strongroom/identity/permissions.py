"""Permissions of API keys, security events, the company sign-in policy and factor secrets."""

from strongroom.platform.access.permissions import (
    ACCOUNTANT,
    ADMIN,
    EMPLOYEE,
    MANAGER,
    READ,
    WRITE,
    Scope,
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
SIGNIN_VIEW = register(
    "signin.view", "See the company's sign-in policy and single sign-on settings", kind=READ,
    roles=(ADMIN,),
).name
SIGNIN_MANAGE = register(
    "signin.manage", "Change the company's sign-in policy and single sign-on", kind=WRITE,
    roles=(ADMIN,), seen_with="signin.view",
).name
MFA_SECRETS_ENCRYPT = register(
    "platform.mfa_secrets", "Encrypt second-factor secrets stored before encryption at rest",
    kind=WRITE, scope=Scope.PLATFORM,
).name
