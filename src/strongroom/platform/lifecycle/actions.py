"""A company's life on the platform: created with its first owner, terminated for good with
its keys destroyed and a signed certificate that says so (P-C4, P-D7); its exports, of
the whole company (P-E2) or of one person (P-E3), recorded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_COMPANIES
from strongroom.platform.accounts.steps import ensure_member_user
from strongroom.platform.history.action import action
from strongroom.platform.history.checkpoints import checkpoint_company
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import diff, record, snapshot
from strongroom.platform.history.tracking import canonical
from strongroom.platform.keys.company_shredding import destroy_company_keys
from strongroom.platform.lifecycle import certificates
from strongroom.platform.lifecycle.selectors import require_person_export
from strongroom.platform.retention.guard import ensure_company_not_held
from strongroom.platform.tenancy import validation
from strongroom.platform.tenancy.actions.companies import COMPANY_FIELDS
from strongroom.platform.tenancy.models import Company, CompanyStatus, TerminationCertificate
from strongroom.platform.tenancy.steps import add_membership


@action
def create_company(
    *,
    actor: Actor,
    slug: str,
    name: str,
    country: str,
    region: str,
    currency: str,
    owner_email: str,
    owner_name: str = "",
    fiscal_year_end: tuple[int, int] = (12, 31),
) -> Company:
    """Create a company and its first owner (an existing or new account)."""
    policy.require(actor, PLATFORM_COMPANIES)
    slug, country, currency = slug.strip().lower(), country.strip().upper(), currency.upper()
    validation.company_fields(
        slug=slug,
        name=name,
        country=country,
        region=region,
        currency=currency,
        fiscal_year_end=fiscal_year_end,
    )
    if Company.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"A company with the slug {slug!r} already exists."})
    company = Company.objects.create(
        slug=slug,
        name=name.strip(),
        country=country,
        region=region,
        currency=currency,
        fiscal_year_end_month=fiscal_year_end[0],
        fiscal_year_end_day=fiscal_year_end[1],
    )
    record(
        actor=actor,
        event=AuditEventType.COMPANY_CREATED,
        obj=company,
        company_id=company.pk,
        changes={"slug": (None, slug), **diff({}, snapshot(company, COMPANY_FIELDS))},
    )
    owner = ensure_member_user(
        actor=actor, email=owner_email, full_name=owner_name, company_id=company.pk
    )
    add_membership(actor=actor, company=company, user=owner, role=perms.OWNER)
    return company


@action
def terminate_company(
    *, actor: Actor, company: Company, reason: str, confirm_slug: str
) -> TerminationCertificate:
    """Terminate ``company`` for good: destroy every key it has (its encrypted values, in the
    database and in every backup, become unreadable), close it to its members, sign a final
    checkpoint of its chains and issue a signed termination certificate. ``confirm_slug``
    must repeat the company's slug. Cannot be undone; refused while a company-wide legal hold
    is in place (P-D3)."""
    policy.require(actor, PLATFORM_COMPANIES)
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.status == CompanyStatus.TERMINATED:
        raise ValidationError({"__all__": f"{company.slug} is terminated already."})
    if confirm_slug.strip() != company.slug:
        raise ValidationError({"confirm_slug": "Type the company's slug to confirm."})
    ensure_company_not_held(company)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "State why the company is terminated."})
    destroyed = destroy_company_keys(company.pk)  # commits in the key store at once
    company.status = CompanyStatus.TERMINATED
    company.save(update_fields=["status"])
    record(
        actor=actor, event=AuditEventType.COMPANY_TERMINATED, obj=company,
        company_id=company.pk, changes={"status": (CompanyStatus.ACTIVE, company.status)},
        extra={
            "reason": reason,
            "company_keys_destroyed": len(destroyed.company_keys),
            "data_keys_destroyed": len(destroyed.data_keys),
        },
    )
    final = checkpoint_company(company.pk)  # covers the entry just recorded
    issued_at = timezone.now()
    body = {
        "v": 1,
        "company": {"id": company.pk, "slug": company.slug, "name": company.name},
        "terminated_at": canonical(issued_at),
        "operator": {
            "name": actor.name, "email": actor.email, "channel": str(actor.channel),
            "credential": actor.credential,
        },
        "reason": reason,
        "destroyed_keys": destroyed.as_dict(),
        "final_checkpoints": [certificates.checkpoint_entry(cp) for cp in final],
    }
    return TerminationCertificate.objects.create(
        company=company, document=certificates.issue(body), issued_at=issued_at
    )


@action
def record_company_export(
    *, actor: Actor, company: Company, counts: dict[str, int], files: int
) -> None:
    """Record in ``company``'s history that its data was exported (P-E2): by whom, and how
    many records of each type and files the archive holds. The export's reads are in the
    access log (purpose ``export``)."""
    policy.require(actor, PLATFORM_COMPANIES)
    record(
        actor=actor, event=AuditEventType.COMPANY_EXPORTED, obj=company,
        company_id=company.pk,
        extra={"records": dict(sorted(counts.items())), "files": files},
    )


@action
def record_person_export(
    *, actor: Actor, company: Company, person: Model, counts: dict[str, int], files: int
) -> None:
    """Record in ``person``'s history that everything held about them was exported (P-E3):
    by whom, and how many records of each type and files the archive holds. The export's
    reads are in the access log (purpose ``export``)."""
    require_person_export(actor, company)
    if getattr(person, "company_id", None) != company.pk:
        raise policy.NotFound()
    record(
        actor=actor, event=AuditEventType.PERSON_EXPORTED, obj=person, company_id=company.pk,
        extra={"records": dict(sorted(counts.items())), "files": files},
    )
