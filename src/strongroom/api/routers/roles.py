"""Roles: the built-in ones (read-only) and the company's custom roles."""

from django.http import HttpRequest
from ninja.responses import Status

from strongroom.api.input import Int64
from strongroom.api.router import Router
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.api.schemas.roles import CustomRoleOut, RoleCreate, RolePatch, RolesOut
from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor
from strongroom.platform.tenancy import actions, selectors
from strongroom.platform.tenancy.models import CustomRole
from strongroom.platform.tenancy.permissions import ROLE_VIEW

router = Router(tags=["Roles"])
ROLES = "/companies/{company_slug}/roles"


@router.get(
    ROLES,
    response={200: RolesOut, **READ_ERRORS},
    summary="List roles",
    description="Built-in roles with their permissions, and the company's custom roles.",
)
def list_roles(request: HttpRequest, actor: CompanyActor) -> dict[str, object]:
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
    summary="Get a custom role",
)
def get_role(request: HttpRequest, actor: CompanyActor, role_id: Int64) -> CustomRole:
    return selectors.custom_role(actor, role_id)


router.history(
    f"{ROLES}/{{role_id}}", name="role_history", summary="History of a custom role",
    lookup=selectors.custom_role, permission=ROLE_VIEW, id_type=Int64,
)


@router.post(
    ROLES,
    response={201: CustomRoleOut, **WRITE_ERRORS},
    summary="Create a custom role",
)
def create_role(
    request: HttpRequest, actor: CompanyActor, payload: RoleCreate
) -> Status[CustomRole]:
    role = actions.create_custom_role(
        actor=actor, name=payload.name, permissions=payload.permissions
    )
    return Status(201, role)


@router.patch(
    f"{ROLES}/{{role_id}}",
    response={200: CustomRoleOut, **WRITE_ERRORS},
    summary="Change a custom role",
    description="Only the fields given change; members' rights change at once.",
)
def update_role(
    request: HttpRequest, actor: CompanyActor, role_id: Int64, payload: RolePatch
) -> CustomRole:
    return actions.update_custom_role(
        actor=actor,
        role=selectors.custom_role(actor, role_id),
        name=payload.name,
        permissions=payload.permissions,
    )


@router.delete(
    f"{ROLES}/{{role_id}}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a custom role",
    description="Refused (422) while active members hold it.",
)
def delete_role(request: HttpRequest, actor: CompanyActor, role_id: Int64) -> Status[None]:
    actions.delete_custom_role(actor=actor, role=selectors.custom_role(actor, role_id))
    return Status(204, None)
