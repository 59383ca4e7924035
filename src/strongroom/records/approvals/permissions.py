"""Permissions of approvals: the inbox and decisions, and the rules that route requests."""

from strongroom.platform.access.permissions import (
    ACCOUNTANT,
    ADMIN,
    EMPLOYEE,
    MANAGER,
    READ,
    WRITE,
    register,
)

APPROVAL_VIEW = register(
    "approval.view", "See one's approval inbox and the requests one is part of", kind=READ,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE),
).name
APPROVAL_VIEW_ALL = register(
    "approval.view_all", "See every approval request of the company", kind=READ, roles=(ADMIN,)
).name
APPROVAL_DECIDE = register(
    "approval.decide", "Approve or reject requests one is an approver of", kind=WRITE,
    roles=(ADMIN, MANAGER, ACCOUNTANT, EMPLOYEE), seen_with="approval.view",
).name
RULE_VIEW = register(
    "approval_rule.view", "See approval rules", kind=READ, roles=(ADMIN, MANAGER, ACCOUNTANT)
).name
RULE_MANAGE = register(
    "approval_rule.manage", "Create, change and delete approval rules", kind=WRITE,
    roles=(ADMIN,), seen_with="approval_rule.view",
).name
