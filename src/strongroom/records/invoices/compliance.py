"""Live check of legal retention (P-D3) for the compliance report: the database guard is in
place and issued invoices are counted."""

from __future__ import annotations

from django.db import connection

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, failed, warned
from strongroom.records.invoices.dbguard import INVOICE
from strongroom.records.invoices.models import Invoice, InvoiceStatus


def guard_triggers() -> int:
    """How many triggers guard the invoice table in the records database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
                           "AND NOT tgisinternal", [INVOICE])
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = %s", [INVOICE])
        return int(cursor.fetchone()[0])


@check("P-D3", "Legal retention")
def legal_retention(actor: Actor) -> Outcome:
    evidence = {
        "guard_triggers": guard_triggers(),
        "issued_or_paid_invoices": Invoice.objects.exclude(status=InvoiceStatus.DRAFT).count(),
    }
    if not evidence["guard_triggers"]:
        return failed("the database guard of issued invoices is not installed", **evidence)
    return warned("partial: issued invoices are immutable in the database; statutory periods "
                  "and legal hold are not built yet", **evidence)
