"""Reads of the company lifecycle: termination certificates for operators, and who may read
out everything about one person (P-E3)."""

from __future__ import annotations

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_COMPANIES, PLATFORM_VIEW
from strongroom.platform.tenancy.models import Company, TerminationCertificate
from strongroom.platform.tenancy.permissions import PERSON_EXPORT


def termination_certificate(actor: Actor, slug: str) -> TerminationCertificate:
    """The termination certificate of a company, for operators; NotFound if there is none."""
    if not policy.allows(actor, PLATFORM_VIEW):
        raise policy.NotFound()
    found = TerminationCertificate.objects.filter(company__slug=slug).first()
    if found is None:
        raise policy.NotFound()
    return found


def require_person_export(actor: Actor, company: Company) -> None:
    """Raise unless ``actor`` may export a person of ``company`` (P-E3): an operator, or a
    member of that company holding ``person.export`` (owners and admins); another company's
    actor gets the same "not found" as for a missing person."""
    if actor.company is None:
        policy.require(actor, PLATFORM_COMPANIES)
        return
    if actor.platform or actor.company.pk != company.pk:
        raise policy.NotFound()
    policy.require(actor, PERSON_EXPORT)
