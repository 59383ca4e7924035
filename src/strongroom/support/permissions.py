"""Permissions of support access: companies grant it, operators use it (P-B4, P-B5)."""

from strongroom.platform.access.permissions import ADMIN, READ, WRITE, Scope, register

SUPPORT_VIEW = register(
    "support.view", "See support grants, sessions and what was done in them", kind=READ,
    roles=(ADMIN,),
).name
SUPPORT_MANAGE = register(
    "support.manage", "Grant and revoke support access", kind=WRITE, roles=(ADMIN,),
    seen_with="support.view",
).name
PLATFORM_SUPPORT = register(
    "platform.support", "Act as a member within a company's support grant", kind=WRITE,
    scope=Scope.PLATFORM,
).name

# Never held during support access, whatever the grant: credentials and grants stay the
# member's and the company's own (P-B5).
NEVER_WHILE_IMPERSONATING = frozenset({"apikey.create", "apikey.revoke_any", SUPPORT_MANAGE})
