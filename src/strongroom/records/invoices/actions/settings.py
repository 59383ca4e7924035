"""The company's invoice details (printed on and copied onto its invoices)."""

from __future__ import annotations

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history import tracking
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.tenancy.permissions import COMPANY_MANAGE
from strongroom.records.invoices import issuer
from strongroom.records.invoices.models import InvoiceSettings


@action
def set_invoice_settings(
    *,
    actor: Actor,
    legal_name: str | None = None,
    organisation_number: str | None = None,
    vat_id: str | None = None,
    address: str | None = None,
    iban: str | None = None,
    bic: str | None = None,
    account_number: str | None = None,
    payment_terms_days: int | None = None,
) -> InvoiceSettings:
    """Change the given fields (None: unchanged) of the company's invoice details."""
    company = actor.company
    if company is None:
        raise policy.NotFound()
    policy.require(actor, COMPANY_MANAGE, company)
    given = {
        "legal_name": legal_name, "organisation_number": organisation_number, "vat_id": vat_id,
        "address": address, "iban": iban, "bic": bic, "account_number": account_number,
        "payment_terms_days": payment_terms_days,
    }
    cleaned = issuer.clean({name: value for name, value in given.items() if value is not None})
    current = InvoiceSettings.objects.select_for_update().filter(company=company).first()
    created = current is None
    if current is None:
        current = InvoiceSettings(company=company)
    before = None if created else tracking.capture(current)
    for name, value in cleaned.items():
        setattr(current, name, value)
    issuer.check_complete(current)
    if created:
        current.save(force_insert=True)
        record(actor=actor, event=AuditEventType.INVOICE_SETTINGS_CHANGED, obj=current,
               company_id=company.pk)
    elif tracking.capture(current) != before:
        current.save()
        record(actor=actor, event=AuditEventType.INVOICE_SETTINGS_CHANGED, obj=current,
               company_id=company.pk, before=before)
    return current
