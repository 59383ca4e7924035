"""Live check of legal retention (P-D3) for the compliance report: the database guards of
issued invoices and of expense vouchers are in place; issued invoices, kept vouchers and legal
holds are counted, and the companies by the retention rule their country gets."""

from __future__ import annotations

from django.apps import apps
from django.db import connection

from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, failed, warned
from strongroom.platform.retention.models import LegalHold
from strongroom.platform.retention.rules import Category, period_for
from strongroom.platform.tenancy.models import Company
from strongroom.records.invoices.dbguard import INVOICE
from strongroom.records.invoices.models import Invoice, InvoiceStatus


def guard_triggers(table: str = INVOICE) -> int:
    """How many triggers guard ``table`` in the records database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
                           "AND NOT tgisinternal", [table])
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = %s", [table])
        return int(cursor.fetchone()[0])


@check("P-D3", "Legal retention")
def legal_retention(actor: Actor) -> Outcome:
    claims = apps.get_model("expenses", "ExpenseClaim")  # the vouchers' app, by name
    rules: dict[str, int] = {}
    for country in Company.objects.values_list("country", flat=True):
        source = period_for(country, Category.PRIMARY).law
        rules[source] = rules.get(source, 0) + 1
    evidence = {
        "guard_triggers": guard_triggers(),
        "voucher_guard_triggers": guard_triggers(claims._meta.db_table),
        "issued_or_paid_invoices": Invoice.objects.exclude(status=InvoiceStatus.DRAFT).count(),
        "kept_expense_claims": claims.objects.filter(retained_until__isnull=False).count(),
        "legal_holds_in_force": LegalHold.objects.filter(released_at__isnull=True).count(),
        "companies_by_retention_rule": rules,
    }
    if not evidence["guard_triggers"]:
        return failed("the database guard of issued invoices is not installed", **evidence)
    if not evidence["voucher_guard_triggers"]:
        return failed("the database guard of expense vouchers is not installed", **evidence)
    return warned("partial: statutory periods, legal holds and both database guards are in "
                  "place; no record type counts as secondary yet, and records past their "
                  "period are kept until retention policies (P-D5) dispose of them", **evidence)
