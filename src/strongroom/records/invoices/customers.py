"""Where an invoice's customer comes from: the one place that connects invoices to contacts.

Today a draft holds its customer's details itself (typed in, or copied from a previous
invoice). When contacts' organisations are available, a draft will point at one, and
:func:`snapshot` will copy the organisation's details at issue; the snapshot on the invoice is
what is kept under retention, however the contact changes or is erased later.
"""

from __future__ import annotations

from strongroom.records.invoices.models import Invoice


def snapshot(invoice: Invoice) -> dict[str, str]:
    """The customer fields to copy onto ``invoice`` as it is issued (none without a contact)."""
    return {}
