"""The company itself: its settings and the permission catalogue."""

from django.http import HttpRequest

from strongroom.api.router import Router
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.api.schemas.companies import CompanyOut, CompanyPatch, PermissionOut
from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor, CompanyActor
from strongroom.platform.tenancy import actions
from strongroom.platform.tenancy.models import Company
from strongroom.platform.tenancy.permissions import COMPANY_VIEW

router = Router(tags=["Company"])
COMPANY = "/companies/{company_slug}"


def _company_out(actor: Actor, company: Company) -> dict[str, object]:
    if actor.membership is not None:
        your_role = actor.membership.role_label
    else:
        your_role = actor.role.capitalize()  # through a company group
    return {
        "slug": company.slug,
        "name": company.name,
        "country": company.country,
        "region": company.region,
        "currency": company.currency,
        "fiscal_year_end_month": company.fiscal_year_end_month,
        "fiscal_year_end_day": company.fiscal_year_end_day,
        "your_role": your_role,
    }


@router.get(
    COMPANY,
    response={200: CompanyOut, **READ_ERRORS},
    summary="Get the company",
)
def get_company(request: HttpRequest, actor: CompanyActor) -> dict[str, object]:
    policy.require(actor, COMPANY_VIEW, actor.company)
    return _company_out(actor, actor.company)


@router.patch(
    COMPANY,
    response={200: CompanyOut, **WRITE_ERRORS},
    summary="Change company settings",
    description="Only the fields given change. Needs company.manage.",
)
def update_company(
    request: HttpRequest, actor: CompanyActor, payload: CompanyPatch
) -> dict[str, object]:
    company = actor.company
    assert company is not None  # noqa: S101
    fields = payload.dict(exclude_unset=True)
    fiscal_year_end = None
    if "fiscal_year_end_month" in fields or "fiscal_year_end_day" in fields:
        fiscal_year_end = (
            fields.get("fiscal_year_end_month") or company.fiscal_year_end_month,
            fields.get("fiscal_year_end_day") or company.fiscal_year_end_day,
        )
    updated = actions.update_company(
        actor=actor,
        company=company,
        name=fields.get("name"),
        country=fields.get("country"),
        region=fields.get("region"),
        currency=fields.get("currency"),
        fiscal_year_end=fiscal_year_end,
    )
    return _company_out(actor, updated)


@router.get(
    f"{COMPANY}/permissions",
    response={200: list[PermissionOut], **READ_ERRORS},
    summary="List company permissions",
    description="The catalogue of permissions a custom role can grant.",
)
def list_permissions(request: HttpRequest, actor: CompanyActor) -> list[dict[str, str]]:
    policy.require(actor, COMPANY_VIEW, actor.company)
    return [
        {"name": p.name, "label": p.label, "kind": p.kind.value}
        for p in perms.all_permissions(perms.Scope.COMPANY)
    ]
