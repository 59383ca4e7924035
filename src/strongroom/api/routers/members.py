"""Company members: list, read, add, change and remove."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query
from ninja.responses import Status

from strongroom.api.input import Int64
from strongroom.api.pagination import NotedPage
from strongroom.api.router import Router
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.api.schemas.members import MemberCreate, MemberFilters, MemberOut, MemberPatch
from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.history.read_log import note_read, note_reads
from strongroom.platform.tenancy import actions, selectors, validation
from strongroom.platform.tenancy.models import CustomRole, Membership
from strongroom.platform.tenancy.permissions import MEMBER_VIEW

router = Router(tags=["Members"])
MEMBERS = "/companies/{company_slug}/members"


def _custom_role(actor: Actor, custom_role_id: Int64 | None) -> CustomRole | None:
    """The actor's company's custom role; another company's id is NotFound (404)."""
    return selectors.custom_role(actor, custom_role_id) if custom_role_id is not None else None


@router.listing(
    MEMBERS,
    item=MemberOut,
    permission=MEMBER_VIEW,
    summary="List members",
    description="Active members, by name. Filter by role, tag, or search e-mail and name. "
    "Every member returned is noted in the access log.",
)
def list_members(
    request: HttpRequest, actor: CompanyActor, filters: Query[MemberFilters]
) -> NotedPage[Membership]:
    members = filters.filter(selectors.members(actor))
    return NotedPage(members, lambda page: note_reads(actor, page, purpose="list"))


def _shown(actor: Actor, membership_id: Int64) -> Membership:
    """One member as an answer shows them (name, e-mail address), noted in the access log."""
    membership = selectors.member(actor, membership_id)
    note_read(actor, membership, purpose="view")
    return membership


@router.get(
    f"{MEMBERS}/{{membership_id}}",
    response={200: MemberOut, **READ_ERRORS},
    summary="Get a member",
    description="Noted in the access log.",
)
def get_member(request: HttpRequest, actor: CompanyActor, membership_id: Int64) -> Membership:
    return _shown(actor, membership_id)


router.history(
    f"{MEMBERS}/{{membership_id}}", name="member_history", summary="History of a member",
    lookup=selectors.member, permission=MEMBER_VIEW, id_type=Int64,
)


@router.post(
    MEMBERS,
    response={201: MemberOut, **WRITE_ERRORS},
    summary="Add a member",
    description="Creates the account if needed. Only an owner can add an owner.",
)
def add_member(
    request: HttpRequest, actor: CompanyActor, payload: MemberCreate
) -> Status[Membership]:
    membership = actions.add_member(
        actor=actor,
        email=payload.email,
        full_name=payload.full_name,
        role=payload.role,
        custom_role=_custom_role(actor, payload.custom_role_id),
        tags=payload.tags,
    )
    return Status(201, _shown(actor, membership.pk))


@router.patch(
    f"{MEMBERS}/{{membership_id}}",
    response={200: MemberOut, **WRITE_ERRORS},
    summary="Change a member's role or tags",
    description="Only the fields given change; a custom_role_id alone implies role 'custom'.",
)
def update_member(
    request: HttpRequest, actor: CompanyActor, membership_id: Int64, payload: MemberPatch
) -> Membership:
    membership = selectors.member(actor, membership_id)
    fields: dict[str, Any] = payload.dict(exclude_unset=True)
    custom_role = _custom_role(actor, fields.get("custom_role_id"))
    role = fields.get("role") or (perms.CUSTOM if custom_role is not None else None)
    tags = fields.get("tags")
    if role is None and tags is None:
        raise ValidationError({"__all__": "Give a role, a custom_role_id or tags."})
    if tags is not None:
        # Fail before the role changes: the two writes are separate.
        validation.defined_tags(membership.company, tags)
    if role is not None:
        actions.change_member_role(
            actor=actor, membership=membership, role=role, custom_role=custom_role
        )
    if tags is not None:
        actions.set_member_tags(actor=actor, membership=membership, tags=tags)
    return _shown(actor, membership_id)


@router.delete(
    f"{MEMBERS}/{{membership_id}}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a member",
    description="Ends the membership; history keeps the person's name.",
)
def remove_member(request: HttpRequest, actor: CompanyActor, membership_id: Int64) -> Status[None]:
    actions.remove_member(actor=actor, membership=selectors.member(actor, membership_id))
    return Status(204, None)
