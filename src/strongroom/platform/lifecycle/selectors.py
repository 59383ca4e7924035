"""Reads of the company lifecycle, for operators."""

from __future__ import annotations

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.tenancy.models import TerminationCertificate


def termination_certificate(actor: Actor, slug: str) -> TerminationCertificate:
    """The termination certificate of a company, for operators; NotFound if there is none."""
    if not policy.allows(actor, PLATFORM_VIEW):
        raise policy.NotFound()
    found = TerminationCertificate.objects.filter(company__slug=slug).first()
    if found is None:
        raise policy.NotFound()
    return found
