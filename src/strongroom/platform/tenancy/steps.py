"""Steps of tenancy's actions: each runs inside the calling action's transaction and checks no
policy; the action that calls it has."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.accounts.models import User
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.tenancy import validation
from strongroom.platform.tenancy.models import Company, CustomRole, Membership


def check_custom_role(company: Company, custom_role: CustomRole | None) -> None:
    """NotFound unless ``custom_role`` (if any) is one of ``company``'s."""
    if custom_role is not None and custom_role.company_id != company.pk:
        raise policy.NotFound()


def add_membership(
    *,
    actor: Actor,
    company: Company,
    user: User,
    role: str,
    custom_role: CustomRole | None = None,
    tags: Iterable[str] = (),
) -> Membership:
    """Make ``user`` a member (or re-activate them); callers hold the transaction and policy."""
    validation.role(role, has_custom_role=custom_role is not None)
    check_custom_role(company, custom_role)
    cleaned_tags = validation.defined_tags(company, tags)
    if user.is_operator:
        raise ValidationError({"email": "Operator accounts cannot be company members."})
    existing = Membership.objects.filter(company=company, user=user).first()
    if existing is not None and existing.is_active:
        raise ValidationError({"email": f"{user.email} is already a member of {company.name}."})
    if existing is not None:
        existing.role, existing.custom_role = role, custom_role
        existing.tags, existing.is_active = cleaned_tags, True
        existing.save()
        membership, event = existing, AuditEventType.MEMBER_REACTIVATED
    else:
        membership = Membership.objects.create(
            company=company, user=user, role=role, custom_role=custom_role, tags=cleaned_tags
        )
        event = AuditEventType.MEMBER_ADDED
    record(
        actor=actor,
        event=event,
        obj=membership,
        company_id=company.pk,
        changes={
            "user": (None, user.email),
            "role": (None, membership.role_label),
            "tags": (None, cleaned_tags),
        },
    )
    return membership
