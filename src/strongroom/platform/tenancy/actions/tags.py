"""The company's tag catalogue: the tags members may carry and approval rules may use (P-B2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.tenancy import validation
from strongroom.platform.tenancy.models import Membership, Tag
from strongroom.platform.tenancy.permissions import TAG_MANAGE

MAX_DESCRIPTION = 200


def _description(value: str) -> str:
    cleaned = " ".join(value.split())
    if len(cleaned) > MAX_DESCRIPTION:
        raise ValidationError({"description": f"At most {MAX_DESCRIPTION} characters."})
    return cleaned


def _members_with_tag(tag: Tag) -> int:
    """How many active members carry ``tag``."""
    # Tags are normalised and never contain quotes: match the quoted JSON string.
    return Membership.objects.filter(
        company_id=tag.company_id, is_active=True, tags__icontains=f'"{tag.name}"'
    ).count()


@action
def create_tag(*, actor: Actor, name: str, description: str = "") -> Tag:
    """Add a tag to the actor's company's catalogue."""
    if actor.company is None:
        raise policy.NotFound()
    policy.require(actor, TAG_MANAGE, actor.company)
    cleaned = validation.tag_name(name)
    if Tag.objects.filter(company=actor.company, name=cleaned).exists():
        raise ValidationError({"name": f"The tag {cleaned} already exists."})
    tag = Tag.objects.create(
        company=actor.company, name=cleaned, description=_description(description)
    )
    record(actor=actor, event=AuditEventType.TAG_CREATED, obj=tag, company_id=tag.company_id)
    return tag


@action
def update_tag(*, actor: Actor, tag: Tag, description: str) -> Tag:
    """Change a tag's description (its name is what members and rules refer to)."""
    policy.require(actor, TAG_MANAGE, tag)
    tag = Tag.objects.select_for_update().get(pk=tag.pk)
    before = capture(tag)
    tag.description = _description(description)
    tag.save(update_fields=["description"])
    record(
        actor=actor, event=AuditEventType.TAG_UPDATED, obj=tag, company_id=tag.company_id,
        before=before,
    )
    return tag


@action
def delete_tag(*, actor: Actor, tag: Tag) -> None:
    """Remove a tag no member carries and no approval rule uses."""
    policy.require(actor, TAG_MANAGE, tag)
    tag = Tag.objects.select_for_update().get(pk=tag.pk)
    carriers = _members_with_tag(tag)
    if carriers:
        raise ValidationError(
            {"name": f"{carriers} member(s) carry {tag.name}; take it off them first."}
        )
    record(
        actor=actor, event=AuditEventType.TAG_DELETED, obj=tag, company_id=tag.company_id,
        deleted=True,
    )
    try:
        tag.delete()
    except ProtectedError as error:
        raise ValidationError(
            {"name": f"Approval rules use {tag.name}; change or delete them first."}
        ) from error
