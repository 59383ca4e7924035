"""Membership: who belongs to a company, with which role and tags."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.accounts.steps import ensure_member_user
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.tenancy import validation
from strongroom.platform.tenancy.models import Company, CustomRole, Membership
from strongroom.platform.tenancy.permissions import MEMBER_MANAGE
from strongroom.platform.tenancy.steps import add_membership, check_custom_role


def _require_owner_for_owner_changes(actor: Actor, *roles: str) -> None:
    if perms.OWNER in roles and actor.role != perms.OWNER and not actor.platform:
        raise policy.Forbidden("Only an owner can grant, change or remove the owner role.")


def _require_another_owner(membership: Membership) -> None:
    # Lock the company row first: two owners demoting each other at the same moment are
    # serialized here, so the second sees the first's change and is refused.
    list(Company.objects.select_for_update().filter(pk=membership.company_id).values_list("pk"))
    others = Membership.objects.filter(
        company_id=membership.company_id, role=perms.OWNER, is_active=True
    ).exclude(pk=membership.pk)
    if membership.role == perms.OWNER and not others.exists():
        raise ValidationError({"role": "A company must keep at least one active owner."})


def _locked_active(membership: Membership) -> Membership:
    """The membership, re-read under a row lock; an ended membership is not found."""
    # The user and company (inner joins) come along for the history entry's description; only
    # the membership row is locked. Not custom_role: a nullable FK is an outer join, and
    # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    locked = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "company")
        .get(pk=membership.pk)
    )
    if not locked.is_active:
        raise policy.NotFound()
    return locked


@action
def add_member(
    *,
    actor: Actor,
    email: str,
    role: str,
    full_name: str = "",
    custom_role: CustomRole | None = None,
    tags: Iterable[str] = (),
) -> Membership:
    """Add a person to the actor's company, creating their account if needed."""
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, MEMBER_MANAGE, actor.company)
    _require_owner_for_owner_changes(actor, role)
    user = ensure_member_user(actor=actor, email=email, full_name=full_name)
    return add_membership(
        actor=actor, company=actor.company, user=user, role=role, custom_role=custom_role,
        tags=tags,
    )


@action
def change_member_role(
    *, actor: Actor, membership: Membership, role: str, custom_role: CustomRole | None = None
) -> Membership:
    """Give a member another built-in or custom role."""
    policy.require(actor, MEMBER_MANAGE, membership)
    membership = _locked_active(membership)
    validation.role(role, has_custom_role=custom_role is not None)
    check_custom_role(membership.company, custom_role)
    _require_owner_for_owner_changes(actor, role, membership.role)
    if role != perms.OWNER:
        _require_another_owner(membership)
    before = membership.role_label
    membership.role, membership.custom_role = role, custom_role
    membership.save(update_fields=["role", "custom_role"])
    if membership.role_label != before:
        record(
            actor=actor,
            event=AuditEventType.MEMBER_ROLE_CHANGED,
            obj=membership,
            company_id=membership.company_id,
            changes={"role": (before, membership.role_label)},
        )
    return membership


@action
def set_member_tags(*, actor: Actor, membership: Membership, tags: Iterable[str]) -> Membership:
    """Replace a member's tags (used by approval rules)."""
    policy.require(actor, MEMBER_MANAGE, membership)
    membership = _locked_active(membership)
    cleaned = validation.defined_tags(membership.company, tags)
    if cleaned != membership.tags:
        before = list(membership.tags)
        membership.tags = cleaned
        membership.save(update_fields=["tags"])
        record(
            actor=actor,
            event=AuditEventType.MEMBER_TAGS_CHANGED,
            obj=membership,
            company_id=membership.company_id,
            changes={"tags": (before, cleaned)},
        )
    return membership


@action
def remove_member(*, actor: Actor, membership: Membership) -> Membership:
    """End a membership. The row stays (deactivated) so history keeps its subject."""
    policy.require(actor, MEMBER_MANAGE, membership)
    membership = _locked_active(membership)
    _require_owner_for_owner_changes(actor, membership.role)
    _require_another_owner(membership)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record(
        actor=actor,
        event=AuditEventType.MEMBER_REMOVED,
        obj=membership,
        company_id=membership.company_id,
        changes={"is_active": (True, False)},
    )
    return membership
