"""Company groups: a set of companies whose group admins administer each of them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_COMPANIES
from strongroom.platform.accounts.models import User
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.tenancy import validation
from strongroom.platform.tenancy.models import Company, CompanyGroup


@action
def create_company_group(*, actor: Actor, slug: str, name: str) -> CompanyGroup:
    """Create an empty company group (platform action)."""
    policy.require(actor, PLATFORM_COMPANIES)
    validation.company_fields(slug=slug, name=name)
    if CompanyGroup.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"A group with the slug {slug!r} already exists."})
    group = CompanyGroup.objects.create(slug=slug, name=name.strip())
    record(
        actor=actor,
        event=AuditEventType.GROUP_CREATED,
        obj=group,
        company_id=None,
        changes={"slug": (None, slug), "name": (None, group.name)},
    )
    return group


@action
def add_company_to_group(*, actor: Actor, group: CompanyGroup, company: Company) -> None:
    """Put a company in a group; its group admins become admins of the company."""
    policy.require(actor, PLATFORM_COMPANIES)
    if group.companies.filter(pk=company.pk).exists():
        raise ValidationError({"company": f"{company.slug} is already in {group.slug}."})
    group.companies.add(company)
    record(
        actor=actor,
        event=AuditEventType.GROUP_COMPANY_ADDED,
        obj=group,
        company_id=company.pk,
        changes={"company": (None, company.slug)},
    )


@action
def add_group_admin(*, actor: Actor, group: CompanyGroup, user: User) -> None:
    """Make a (non-operator) user an admin of every company in the group."""
    policy.require(actor, PLATFORM_COMPANIES)
    if user.is_operator:
        raise ValidationError({"email": "Operator accounts cannot administer companies."})
    if group.admins.filter(pk=user.pk).exists():
        raise ValidationError({"email": f"{user.email} already administers {group.slug}."})
    group.admins.add(user)
    _record_in_each_company(
        actor, group, AuditEventType.GROUP_ADMIN_ADDED, {"admin": (None, user.email)}
    )


@action
def remove_company_from_group(*, actor: Actor, group: CompanyGroup, company: Company) -> None:
    """Take a company out of a group; the group's admins lose their access to it at once."""
    policy.require(actor, PLATFORM_COMPANIES)
    if not group.companies.filter(pk=company.pk).exists():
        raise ValidationError({"company": f"{company.slug} is not in {group.slug}."})
    group.companies.remove(company)
    record(
        actor=actor,
        event=AuditEventType.GROUP_COMPANY_REMOVED,
        obj=group,
        company_id=company.pk,
        changes={"company": (company.slug, None)},
    )


@action
def remove_group_admin(*, actor: Actor, group: CompanyGroup, user: User) -> None:
    """End a user's administration of every company in the group."""
    policy.require(actor, PLATFORM_COMPANIES)
    if not group.admins.filter(pk=user.pk).exists():
        raise ValidationError({"email": f"{user.email} does not administer {group.slug}."})
    group.admins.remove(user)
    _record_in_each_company(
        actor, group, AuditEventType.GROUP_ADMIN_REMOVED, {"admin": (user.email, None)}
    )


def _record_in_each_company(
    actor: Actor, group: CompanyGroup, event: AuditEventType, changes: dict[str, Any]
) -> None:
    """One event in each company of the group (whose admins changed), or one platform event
    for an empty group, so the write is always audited where it matters."""
    company_ids: list[int | None] = [company.pk for company in group.companies.all()]
    for company_id in company_ids or [None]:
        record(actor=actor, event=event, obj=group, company_id=company_id, changes=changes)
