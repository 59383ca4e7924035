"""Writes of the tenancy layer. Each action checks policy and audits in its transaction."""

from strongroom.platform.tenancy.actions.companies import update_company
from strongroom.platform.tenancy.actions.groups import (
    add_company_to_group,
    add_group_admin,
    create_company_group,
    remove_company_from_group,
    remove_group_admin,
)
from strongroom.platform.tenancy.actions.members import (
    add_member,
    change_member_role,
    remove_member,
    set_member_tags,
)
from strongroom.platform.tenancy.actions.roles import (
    create_custom_role,
    delete_custom_role,
    update_custom_role,
)
from strongroom.platform.tenancy.actions.tags import create_tag, delete_tag, update_tag

__all__ = [
    "add_company_to_group",
    "add_group_admin",
    "add_member",
    "change_member_role",
    "create_company_group",
    "create_custom_role",
    "create_tag",
    "delete_custom_role",
    "delete_tag",
    "remove_company_from_group",
    "remove_group_admin",
    "remove_member",
    "set_member_tags",
    "update_company",
    "update_custom_role",
    "update_tag",
]
