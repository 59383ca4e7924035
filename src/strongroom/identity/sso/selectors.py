"""Reads of single sign-on: a company's OpenID Connect provider."""

from __future__ import annotations

from strongroom.identity.models import SsoProvider
from strongroom.identity.permissions import SIGNIN_VIEW
from strongroom.platform.access import policy
from strongroom.platform.access.actor import CompanyActor


def sso_provider(actor: CompanyActor) -> SsoProvider | None:
    """The actor's company's OpenID Connect provider, if it has one."""
    policy.require(actor, SIGNIN_VIEW, actor.company)
    return sso_provider_for_company_id(actor.company.pk)


# The sign-in gate and the SSO flow run before any Actor exists (they decide whether one may be
# built), so they read the company's provider by id or slug.


def sso_provider_for_company_id(company_id: int) -> SsoProvider | None:
    return SsoProvider.objects.filter(company_id=company_id).first()


def sso_provider_for_slug(company_slug: str) -> SsoProvider | None:
    """The provider of an active company, by the company's slug (sign-in page)."""
    return (
        SsoProvider.objects.select_related("company")
        .filter(company__slug=company_slug, company__status="active")
        .first()
    )
