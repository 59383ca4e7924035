"""Reads of invoices, scoped to the actor's company (missing and foreign look the same)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from strongroom.platform import money
from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.search import index as search
from strongroom.platform.tenancy.permissions import COMPANY_MANAGE
from strongroom.records.invoices import issuer
from strongroom.records.invoices.models import (
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceSettings,
    InvoiceStatus,
)
from strongroom.records.invoices.permissions import INVOICE_VIEW

SORTS = {
    "created": ("created_at",),
    "number": ("series_year", "sequence"),
    "issue_date": ("issue_date", "series_year", "sequence"),
    "due_date": ("due_date", "series_year", "sequence"),
    "total": ("gross_total", "created_at"),
}
DEFAULT_SORT = "-created"
# A status that is derived, never stored: an issued invoice not paid nor wholly credited whose
# due date has passed (in the installation's time zone).
OVERDUE = "overdue"


def _credited() -> Subquery:
    """Sum of the issued credit notes against each invoice."""
    notes = (
        Invoice.objects.filter(
            credited_invoice=OuterRef("pk"),
            status__in=(InvoiceStatus.ISSUED, InvoiceStatus.PAID),
        )
        .order_by()
        .values("credited_invoice")
        .annotate(total=Sum("gross_total"))
        .values("total")
    )
    return Subquery(notes, output_field=DecimalField(max_digits=18, decimal_places=3))


def _base(actor: Actor) -> QuerySet[Invoice]:
    queryset = Invoice.objects.select_related("credited_invoice").annotate(
        credited_total=Coalesce(_credited(), Value(Decimal(0)), output_field=DecimalField())
    ).annotate(is_overdue=ExpressionWrapper(_overdue(), output_field=BooleanField()))
    return policy.restrict(actor, queryset, INVOICE_VIEW)


def _owing() -> Q:
    """Issued invoices (not credit notes) with something left to pay."""
    return Q(kind=InvoiceKind.INVOICE, status=InvoiceStatus.ISSUED,
             gross_total__gt=F("credited_total"))


def _overdue() -> Q:
    return _owing() & Q(due_date__lt=timezone.localdate())


def invoices(
    actor: Actor,
    *,
    status: str = "",
    kind: str = "",
    currency: str = "",
    q: str = "",
    year: int | None = None,
    organisation: uuid.UUID | str | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[Invoice]:
    """The company's invoices and credit notes, filtered and sorted (``sort`` is a key of
    :data:`SORTS`, ``-`` first for descending; ``status`` may be :data:`OVERDUE`). Search
    matches number and notes, and any part of the customer's name (encrypted: through the
    keyed n-gram tokens of platform/search). ``organisation``: only the invoices of that
    contacts organisation (by id)."""
    queryset = _base(actor)
    if organisation is not None:
        queryset = queryset.filter(customer_organisation_id=organisation)
    if status == OVERDUE:
        queryset = queryset.filter(Q(is_overdue=True))  # an annotation of _base
    elif status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if currency:
        queryset = queryset.filter(currency=currency.upper())
    if year is not None:
        queryset = queryset.filter(series_year=year)
    if q.strip():
        term = q.strip()
        named = (
            search.search(Invoice.objects.all(), actor.company_id, term)
            if actor.company_id is not None else []
        )
        queryset = queryset.filter(
            Q(number__icontains=term) | Q(notes__icontains=term) | Q(pk__in=named)
        )
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["created"])
    order = [f"-{name}" if descending else name for name in fields]
    return queryset.order_by(*order, "id")


def invoice(actor: Actor, invoice_id: object) -> Invoice:
    """One invoice with its lines and credit notes, or NotFound."""
    queryset = _base(actor).prefetch_related(
        Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")),
        Prefetch("credit_notes", queryset=Invoice.objects.order_by("created_at")),
    )
    return policy.get_for_actor(actor, queryset, INVOICE_VIEW, pk=invoice_id)


@dataclass(frozen=True)
class Summary:
    """An invoice's totals per VAT rate and what remains to be paid."""

    totals: money.Totals
    credited: Decimal
    outstanding: Decimal


def summary(invoice: Invoice) -> Summary:
    """Totals per VAT rate from the (prefetched) lines, credited and outstanding amounts."""
    lines = list(invoice.lines.all())
    totals = money.totals(
        ((line.vat_rate, money.LineAmounts(line.net_amount, line.vat_amount)) for line in lines),
        invoice.currency,
    )
    credited = getattr(invoice, "credited_total", Decimal(0)) or Decimal(0)
    settled = invoice.status == InvoiceStatus.PAID
    outstanding = Decimal(0) if settled else invoice.gross_total - credited
    zero = money.quantize(Decimal(0), invoice.currency)
    return Summary(
        totals=totals,
        credited=money.quantize(credited, invoice.currency),
        outstanding=max(money.quantize(outstanding, invoice.currency), zero),
    )


def invoice_settings(actor: Actor) -> InvoiceSettings:
    """The actor's company's invoice details (defaults until saved), for those who see
    invoices or manage the company."""
    company = actor.company
    if company is None or not (
        policy.allows(actor, INVOICE_VIEW, company) or policy.allows(actor, COMPANY_MANAGE, company)
    ):
        raise policy.NotFound()
    return issuer.settings_for(company.pk)


# Days past the due date, for aged totals: 1-30, 31-60, 61-90 and more than 90.
AGE_LIMITS = (30, 60, 90)


@dataclass(frozen=True)
class Outstanding:
    """What customers owe in one currency: issued invoices less their credit notes."""

    currency: str
    invoices: int
    outstanding: Decimal
    overdue_invoices: int
    overdue: Decimal
    overdue_1_30: Decimal
    overdue_31_60: Decimal
    overdue_61_90: Decimal
    overdue_over_90: Decimal

    @property
    def aged(self) -> tuple[Decimal, ...]:
        """Overdue by 1-30, 31-60, 61-90 and more than 90 days."""
        return (self.overdue_1_30, self.overdue_31_60, self.overdue_61_90, self.overdue_over_90)


def _age_windows(today: dt.date) -> dict[str, Q]:
    """Each aged total's due dates: days overdue in (previous limit, limit]."""
    windows = {}
    newest = today
    for low, limit in zip((0, *AGE_LIMITS[:-1]), AGE_LIMITS, strict=True):
        oldest = today - dt.timedelta(days=limit)
        windows[f"overdue_{low + 1}_{limit}"] = Q(due_date__lt=newest, due_date__gte=oldest)
        newest = oldest
    windows[f"overdue_over_{AGE_LIMITS[-1]}"] = Q(due_date__lt=newest)
    return windows


def outstanding(actor: Actor) -> list[Outstanding]:
    """Outstanding and overdue totals per currency, with overdue amounts by age, for those who
    see invoices: one grouped query, summed in the database."""
    today = timezone.localdate()
    owed = ExpressionWrapper(
        F("gross_total") - F("credited_total"),
        output_field=DecimalField(max_digits=18, decimal_places=3),
    )
    late = Q(due_date__lt=today)
    sums = {"outstanding": Sum(owed), "overdue": Sum(owed, filter=late)} | {
        name: Sum(owed, filter=window) for name, window in _age_windows(today).items()
    }
    rows = (
        _base(actor).filter(_owing()).order_by("currency").values("currency")
        .annotate(invoices=Count("pk"), overdue_invoices=Count("pk", filter=late), **sums)
    )
    return [_totals(row, sums) for row in rows]


def _totals(row: dict[str, Any], sums: Iterable[str]) -> Outstanding:
    currency = row["currency"]
    amounts: dict[str, Any] = {
        name: money.quantize(row[name] or Decimal(0), currency) for name in sums
    }
    return Outstanding(
        currency=currency, invoices=row["invoices"], overdue_invoices=row["overdue_invoices"],
        **amounts,
    )
