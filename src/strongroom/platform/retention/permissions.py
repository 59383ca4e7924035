"""Permissions of legal holds: owners and admins place and release them; auditors see them."""

from strongroom.platform.access.permissions import ADMIN, READ, WRITE, register

LEGAL_HOLD_VIEW = register(
    "legal_hold.view", "See legal holds", kind=READ, roles=(ADMIN,)
).name
LEGAL_HOLD_MANAGE = register(
    "legal_hold.manage", "Place and release legal holds", kind=WRITE, roles=(ADMIN,),
    seen_with="legal_hold.view",
).name
