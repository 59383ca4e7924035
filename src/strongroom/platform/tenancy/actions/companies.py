"""A company's settings, changed by its admins (creation and termination: platform/lifecycle/)."""

from __future__ import annotations

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import diff, record, snapshot
from strongroom.platform.tenancy import validation
from strongroom.platform.tenancy.models import Company
from strongroom.platform.tenancy.permissions import COMPANY_MANAGE

COMPANY_FIELDS = (
    "name",
    "country",
    "region",
    "currency",
    "fiscal_year_end_month",
    "fiscal_year_end_day",
)


@action
def update_company(
    *,
    actor: Actor,
    company: Company,
    name: str | None = None,
    country: str | None = None,
    region: str | None = None,
    currency: str | None = None,
    fiscal_year_end: tuple[int, int] | None = None,
) -> Company:
    """Change company settings; only the given fields change."""
    policy.require(actor, COMPANY_MANAGE, company)
    company = Company.objects.select_for_update().get(pk=company.pk)
    country = country.strip().upper() if country is not None else None
    currency = currency.strip().upper() if currency is not None else None
    validation.company_fields(
        name=name, country=country, region=region, currency=currency,
        fiscal_year_end=fiscal_year_end,
    )
    before = snapshot(company, COMPANY_FIELDS)
    if name is not None:
        company.name = name.strip()
    if country is not None:
        company.country = country
    if region is not None:
        company.region = region
    if currency is not None:
        company.currency = currency
    if fiscal_year_end is not None:
        company.fiscal_year_end_month, company.fiscal_year_end_day = fiscal_year_end
    changes = diff(before, snapshot(company, COMPANY_FIELDS))
    if changes:
        company.save()
        record(
            actor=actor,
            event=AuditEventType.COMPANY_UPDATED,
            obj=company,
            company_id=company.pk,
            changes=changes,
        )
    return company
