"""Ending a company's service (P-C4, P-D7): its keys are destroyed and a certificate says so."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.history.action import action
from strongroom.platform.history.checkpoints import checkpoint_company
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import canonical
from strongroom.platform.keys.shredding import destroy_company_keys
from strongroom.platform.tenancy import termination
from strongroom.platform.tenancy.actor import Actor
from strongroom.platform.tenancy.models import Company, CompanyStatus, TerminationCertificate
from strongroom.platform.tenancy.permissions import PLATFORM_COMPANIES


@action
def terminate_company(
    *, actor: Actor, company: Company, reason: str, confirm_slug: str
) -> TerminationCertificate:
    """Terminate ``company`` for good: destroy every key it has (its encrypted values, in the
    database and in every backup, become unreadable), close it to its members, sign a final
    checkpoint of its chains and issue a signed termination certificate. ``confirm_slug``
    must repeat the company's slug. Cannot be undone."""
    policy.require(actor, PLATFORM_COMPANIES)
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.status == CompanyStatus.TERMINATED:
        raise ValidationError({"__all__": f"{company.slug} is terminated already."})
    if confirm_slug.strip() != company.slug:
        raise ValidationError({"confirm_slug": "Type the company's slug to confirm."})
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
        "final_checkpoints": [termination.checkpoint_entry(cp) for cp in final],
    }
    return TerminationCertificate.objects.create(
        company=company, document=termination.issue(body), issued_at=issued_at
    )
