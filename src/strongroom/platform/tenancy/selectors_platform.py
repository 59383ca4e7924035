"""Platform-wide reads for operators: companies as tenants, never their members or records."""

from __future__ import annotations

from django.db.models import QuerySet

from strongroom.platform.access import policy
from strongroom.platform.tenancy.actor import Actor
from strongroom.platform.tenancy.models import Company, CompanyGroup, TerminationCertificate
from strongroom.platform.tenancy.permissions import PLATFORM_VIEW


def operator_companies(actor: Actor) -> QuerySet[Company]:
    """Every company, for an actor holding ``platform.view``; otherwise none."""
    if not policy.allows(actor, PLATFORM_VIEW):
        return Company.objects.none()
    return Company.objects.order_by("name")


def operator_groups(actor: Actor) -> QuerySet[CompanyGroup]:
    """Every company group with its companies and admins, for ``platform.view``; else none."""
    if not policy.allows(actor, PLATFORM_VIEW):
        return CompanyGroup.objects.none()
    return CompanyGroup.objects.prefetch_related("companies", "admins").order_by("slug")


def operator_group(actor: Actor, slug: str) -> CompanyGroup:
    """One company group by slug, or NotFound."""
    group = operator_groups(actor).filter(slug=slug).first()
    if group is None:
        raise policy.NotFound()
    return group


def operator_company(actor: Actor, slug: str) -> Company:
    """One company by slug (as a tenant), or NotFound."""
    company = operator_companies(actor).filter(slug=slug).first()
    if company is None:
        raise policy.NotFound()
    return company


def termination_certificate(actor: Actor, slug: str) -> TerminationCertificate:
    """The termination certificate of a company, for operators; NotFound if there is none."""
    if not policy.allows(actor, PLATFORM_VIEW):
        raise policy.NotFound()
    found = TerminationCertificate.objects.filter(company__slug=slug).first()
    if found is None:
        raise policy.NotFound()
    return found
