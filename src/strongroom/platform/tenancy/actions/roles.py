"""Custom roles: company-defined sets of named permissions (P-B1)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.tenancy import validation
from strongroom.platform.tenancy.models import CustomRole
from strongroom.platform.tenancy.permissions import ROLE_MANAGE


def _clean_name(actor: Actor, name: str, *, exclude_pk: int | None = None) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 80:
        raise ValidationError({"name": "A role needs a name of at most 80 characters."})
    clash = CustomRole.objects.filter(company=actor.company, name__iexact=cleaned)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": f"A role called {cleaned!r} already exists."})
    return cleaned


@action
def create_custom_role(*, actor: Actor, name: str, permissions: Iterable[str]) -> CustomRole:
    """Define a role for the actor's company."""
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, ROLE_MANAGE, actor.company)
    cleaned_name = _clean_name(actor, name)
    granted = validation.permission_names(permissions)
    role = CustomRole.objects.create(company=actor.company, name=cleaned_name, permissions=granted)
    record(
        actor=actor,
        event=AuditEventType.ROLE_CREATED,
        obj=role,
        company_id=role.company_id,
        changes={"name": (None, cleaned_name), "permissions": (None, granted)},
    )
    return role


@action
def update_custom_role(
    *,
    actor: Actor,
    role: CustomRole,
    name: str | None = None,
    permissions: Iterable[str] | None = None,
) -> CustomRole:
    """Rename a custom role or change its permissions (members' rights change at once)."""
    policy.require(actor, ROLE_MANAGE, role)
    role = CustomRole.objects.select_for_update().get(pk=role.pk)
    changes: dict[str, tuple[object, object]] = {}
    if name is not None:
        cleaned_name = _clean_name(actor, name, exclude_pk=role.pk)
        if cleaned_name != role.name:
            changes["name"] = (role.name, cleaned_name)
            role.name = cleaned_name
    if permissions is not None:
        granted = validation.permission_names(permissions)
        if granted != sorted(role.permissions):
            changes["permissions"] = (sorted(role.permissions), granted)
            role.permissions = granted
    if changes:
        role.save()
        record(
            actor=actor,
            event=AuditEventType.ROLE_UPDATED,
            obj=role,
            company_id=role.company_id,
            changes=changes,
        )
    return role


@action
def delete_custom_role(*, actor: Actor, role: CustomRole) -> None:
    """Delete a custom role that no active member holds."""
    policy.require(actor, ROLE_MANAGE, role)
    if role.memberships.filter(is_active=True).exists():
        raise ValidationError({"role": "Members still hold this role; give them another first."})
    for former in role.memberships.select_for_update():
        before = capture(former)
        former.custom_role = None
        former.save(update_fields=["custom_role"])
        record(
            actor=actor,
            event=AuditEventType.MEMBER_ROLE_CHANGED,
            obj=former,
            company_id=former.company_id,
            changes={"custom_role": (role.name, None)},
            before=before,
        )
    record(
        actor=actor,
        event=AuditEventType.ROLE_DELETED,
        obj=role,
        company_id=role.company_id,
        changes={"name": (role.name, None), "permissions": (role.permissions, None)},
        deleted=True,
    )
    role.delete()
