"""Roles: the built-in ones (read-only) and the company's custom roles."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from strongroom.api.actor import company_actor
from strongroom.api.history import (
    HISTORY_DESCRIPTION,
    HISTORY_RESPONSES,
    HistoryPage,
    record_history,
)
from strongroom.api.pagination import PagePagination
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.api.schemas.roles import CustomRoleOut, RoleCreate, RolePatch, RolesOut
from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.tenancy import actions, selectors
from strongroom.platform.tenancy.models import CustomRole
from strongroom.platform.tenancy.permissions import ROLE_VIEW

router = Router(tags=["Roles"])
ROLES = "/companies/{company_slug}/roles"


@router.get(
    ROLES,
    response={200: RolesOut, **READ_ERRORS},
    operation_id="list_roles",
    url_name="list_roles",
    summary="List roles",
    description="Built-in roles with their permissions, and the company's custom roles.",
)
def list_roles(request: HttpRequest, company_slug: str) -> dict[str, object]:
    actor = company_actor(request, company_slug)
    policy.require(actor, ROLE_VIEW, actor.company)
    builtin = [
        {
            "name": role,
            "description": perms.ROLE_DESCRIPTIONS[role],
            "permissions": sorted(perms.for_builtin_role(role)),
        }
        for role in perms.BUILTIN_ROLES
    ]
    return {"builtin": builtin, "custom": list(selectors.custom_roles(actor))}


@router.get(
    f"{ROLES}/{{role_id}}",
    response={200: CustomRoleOut, **READ_ERRORS},
    operation_id="get_role",
    url_name="get_role",
    summary="Get a custom role",
)
def get_role(request: HttpRequest, company_slug: str, role_id: int) -> CustomRole:
    return selectors.custom_role(company_actor(request, company_slug), role_id)


@router.get(
    f"{ROLES}/{{role_id}}/history",
    response=HISTORY_RESPONSES,
    operation_id="role_history",
    url_name="role_history",
    summary="History of a custom role",
    description=HISTORY_DESCRIPTION,
)
@paginate(PagePagination)
def role_history(request: HttpRequest, company_slug: str, role_id: int) -> HistoryPage:
    actor = company_actor(request, company_slug)
    return record_history(actor, selectors.custom_role(actor, role_id), permission=ROLE_VIEW)


@router.post(
    ROLES,
    response={201: CustomRoleOut, **WRITE_ERRORS},
    operation_id="create_role",
    url_name="create_role",
    summary="Create a custom role",
)
def create_role(request: HttpRequest, company_slug: str, payload: RoleCreate) -> Status[CustomRole]:
    actor = company_actor(request, company_slug)
    role = actions.create_custom_role(
        actor=actor, name=payload.name, permissions=payload.permissions
    )
    return Status(201, role)


@router.patch(
    f"{ROLES}/{{role_id}}",
    response={200: CustomRoleOut, **WRITE_ERRORS},
    operation_id="update_role",
    url_name="update_role",
    summary="Change a custom role",
    description="Only the fields given change; members' rights change at once.",
)
def update_role(
    request: HttpRequest, company_slug: str, role_id: int, payload: RolePatch
) -> CustomRole:
    actor = company_actor(request, company_slug)
    return actions.update_custom_role(
        actor=actor,
        role=selectors.custom_role(actor, role_id),
        name=payload.name,
        permissions=payload.permissions,
    )


@router.delete(
    f"{ROLES}/{{role_id}}",
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_role",
    url_name="delete_role",
    summary="Delete a custom role",
    description="Refused (422) while active members hold it.",
)
def delete_role(request: HttpRequest, company_slug: str, role_id: int) -> Status[None]:
    actor = company_actor(request, company_slug)
    actions.delete_custom_role(actor=actor, role=selectors.custom_role(actor, role_id))
    return Status(204, None)
