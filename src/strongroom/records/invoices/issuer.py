"""The issuing company's invoice details: reading them, checking them, and the snapshot copied
onto an invoice at issue (an issued invoice keeps what was true on its issue date)."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

from django.core.exceptions import ValidationError

from strongroom.records.invoices.models import Invoice, InvoiceSettings
from strongroom.records.invoices.validation import MAX_TERMS_DAYS

TEXT_LIMITS = {"legal_name": 200, "organisation_number": 40, "vat_id": 40, "address": 1000}
FIELDS = (*TEXT_LIMITS, "iban", "bic", "account_number", "payment_terms_days")
_BIC = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?")
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def settings_for(company_id: int) -> InvoiceSettings:
    """The company's invoice settings (empty defaults until someone saves them; not saved)."""
    found = InvoiceSettings.objects.filter(company_id=company_id).first()
    return found or InvoiceSettings(company_id=company_id)


def iban_is_valid(value: str) -> bool:
    """ISO 13616: two letters, two check digits, the account; mod 97 of the rearranged number
    is 1."""
    if not _IBAN.fullmatch(value):
        return False
    moved = value[4:] + value[:4]
    digits = "".join(str(string.ascii_uppercase.index(c) + 10) if c.isalpha() else c
                      for c in moved)
    return int(digits) % 97 == 1


def clean(fields: Mapping[str, object]) -> dict[str, object]:
    """Check the given settings fields; returns them cleaned, or raises field errors."""
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {}
    for name, value in fields.items():
        if name in TEXT_LIMITS:
            text = str(value or "").strip()
            if len(text) > TEXT_LIMITS[name]:
                errors[name] = f"At most {TEXT_LIMITS[name]} characters."
            cleaned[name] = text
        elif name == "iban":
            iban = re.sub(r"\s+", "", str(value or "")).upper()
            if iban and not iban_is_valid(iban):
                errors[name] = ("This is not a valid IBAN (two letters, two check digits and "
                                "the account; the check digits do not match).")
            cleaned[name] = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
        elif name == "bic":
            bic = str(value or "").strip().upper()
            if bic and not _BIC.fullmatch(bic):
                errors[name] = "A BIC has 8 or 11 letters and digits, e.g. DNBANOKK."
            cleaned[name] = bic
        elif name == "account_number":
            account = str(value or "").strip()
            if account and not re.fullmatch(r"[0-9][0-9 .\-]{3,38}[0-9]", account):
                errors[name] = "Digits, with spaces, dots or dashes between them."
            cleaned[name] = account
        elif name == "payment_terms_days":
            days = value if isinstance(value, int) and not isinstance(value, bool) else -1
            if not 0 <= days <= MAX_TERMS_DAYS:
                errors[name] = f"Give a number of days from 0 to {MAX_TERMS_DAYS}."
            cleaned[name] = days
        else:
            raise TypeError(f"unknown invoice settings field {name}")
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_complete(settings: InvoiceSettings) -> None:
    """The BIC belongs with an IBAN; refuse a BIC without one."""
    if settings.bic and not settings.iban:
        raise ValidationError({"bic": "Give the IBAN the BIC belongs to."})


def snapshot(invoice: Invoice) -> dict[str, str]:
    """The seller fields to copy onto ``invoice`` as it is issued."""
    current = settings_for(invoice.company_id)
    return {
        "seller_name": current.legal_name or invoice.company.name,
        "seller_org_number": current.organisation_number,
        "seller_vat_id": current.vat_id,
        "seller_address": current.address,
        "seller_bank_account": current.bank_account(),
    }


def seller_of(invoice: Invoice) -> dict[str, str]:
    """The seller as the invoice prints it: its snapshot once issued, today's details on a
    draft."""
    if invoice.is_draft:
        return snapshot(invoice)
    return {
        "seller_name": invoice.seller_name or invoice.company.name,
        "seller_org_number": invoice.seller_org_number,
        "seller_vat_id": invoice.seller_vat_id,
        "seller_address": invoice.seller_address,
        "seller_bank_account": invoice.seller_bank_account,
    }
