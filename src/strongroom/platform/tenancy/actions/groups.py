"""Company groups: a set of companies whose group admins administer each of them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from strongroom.platform.access import policy
from strongroom.platform.accounts.models import User
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.tenancy import validation
from strongroom.platform.tenancy.actor import Actor
from strongroom.platform.tenancy.models import Company, CompanyGroup
from strongroom.platform.tenancy.permissions import PLATFORM_COMPANIES


@transaction.atomic(durable=True)
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


@transaction.atomic(durable=True)
def add_company_to_group(*, actor: Actor, group: CompanyGroup, company: Company) -> None:
    """Put a company in a group; its group admins become admins of the company."""
    policy.require(actor, PLATFORM_COMPANIES)
    group.companies.add(company)
    record(
        actor=actor,
        event=AuditEventType.GROUP_COMPANY_ADDED,
        obj=group,
        company_id=company.pk,
        changes={"company": (None, company.slug)},
    )


@transaction.atomic(durable=True)
def add_group_admin(*, actor: Actor, group: CompanyGroup, user: User) -> None:
    """Make a (non-operator) user an admin of every company in the group."""
    policy.require(actor, PLATFORM_COMPANIES)
    if user.is_operator:
        raise ValidationError({"email": "Operator accounts cannot administer companies."})
    group.admins.add(user)
    # One event per company the admin now administers, or one platform event for an empty
    # group, so the write is always audited.
    company_ids: list[int | None] = [company.pk for company in group.companies.all()]
    for company_id in company_ids or [None]:
        record(
            actor=actor,
            event=AuditEventType.GROUP_ADMIN_ADDED,
            obj=group,
            company_id=company_id,
            changes={"admin": (None, user.email)},
        )
