"""Live checks of the tenancy promises (P-B1, P-B3, P-E4) for the compliance report: counts of
companies, owners and roles, never a member's name."""

from __future__ import annotations

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import (
    Outcome,
    check,
    failed,
    not_built,
    passed,
    warned,
)
from strongroom.platform.tenancy.models import CompanyStatus, CustomRole, Membership
from strongroom.platform.tenancy.reference import REGIONS
from strongroom.platform.tenancy.selectors import operator_companies


@check("P-B1", "Roles")
def roles(actor: Actor) -> Outcome:
    """Every live company keeps an active owner; custom roles grant only known permissions."""
    live = operator_companies(actor).filter(status=CompanyStatus.ACTIVE)
    owned = set(Membership.objects.filter(
        role=perms.OWNER, is_active=True, user__is_active=True
    ).values_list("company_id", flat=True))
    without_owner = [slug for pk, slug in live.values_list("pk", "slug") if pk not in owned]
    unknown = sorted({
        name for granted in CustomRole.objects.values_list("permissions", flat=True)
        for name in granted if not perms.is_known(name)
    })
    evidence = {
        "live_companies": live.count(), "companies_without_owner": without_owner,
        "custom_roles": CustomRole.objects.count(), "unknown_permissions_granted": unknown,
    }
    if without_owner:
        return failed(f"{len(without_owner)} company(ies) without an active owner", **evidence)
    if unknown:
        return warned("custom roles name permissions that no longer exist (they grant nothing)",
                      **evidence)
    return passed("every company has an active owner; custom roles grant known permissions",
                  **evidence)


@check("P-B3", "Tenant isolation")
def tenant_isolation(actor: Actor) -> Outcome:
    evidence = {"companies": operator_companies(actor).count()}
    return warned("partial: isolation is proven by the permission matrix in the tests, not "
                  "observable at run time; search and the admin do not exist", **evidence)


@check("P-E4", "Data residency")
def data_residency(actor: Actor) -> Outcome:
    companies = operator_companies(actor)
    evidence = {
        "by_region": {region: companies.filter(region=region).count() for region in REGIONS},
    }
    return not_built("storage per region (each company's region is recorded)", **evidence)
