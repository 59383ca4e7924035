"""Permissions of the tenancy layer: the company itself, members, roles and tags."""

from strongroom.platform.access.permissions import (
    ACCOUNTANT,
    ADMIN,
    EMPLOYEE,
    MANAGER,
    READ,
    WRITE,
    register,
)

COMPANY_VIEW = register(
    "company.view", "See the company", kind=READ, roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE)
).name
COMPANY_MANAGE = register(
    "company.manage", "Change company settings", kind=WRITE, roles=(ADMIN,),
    seen_with="company.view",
).name
MEMBER_VIEW = register(
    "member.view", "See members and their roles", kind=READ,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE),
).name
MEMBER_MANAGE = register(
    "member.manage", "Add, change and remove members", kind=WRITE, roles=(ADMIN,),
    seen_with="member.view",
).name
ROLE_VIEW = register("role.view", "See custom roles", kind=READ, roles=(ADMIN,)).name
ROLE_MANAGE = register(
    "role.manage", "Create, change and delete custom roles", kind=WRITE, roles=(ADMIN,),
    seen_with="role.view",
).name
TAG_VIEW = register(
    "tag.view", "See the company's tags", kind=READ, roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE)
).name
TAG_MANAGE = register(
    "tag.manage", "Define, describe and delete tags", kind=WRITE, roles=(ADMIN,),
    seen_with="tag.view",
).name
AUDIT_VIEW = register("audit.view", "See the company audit log", kind=READ, roles=(ADMIN,)).name
PERSON_EXPORT = register(
    "person.export", "Export everything held about one person", kind=WRITE, roles=(ADMIN,),
    seen_with="member.view",
).name
