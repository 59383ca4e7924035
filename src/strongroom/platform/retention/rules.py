"""Statutory retention periods (P-D3): until when a record must be kept, and why.

The period depends on the company's country and on the record's category (the tables below);
it runs from the end of the financial year the record belongs to. A record type missing from
:data:`RECORD_TYPES`, or a record not (yet) a bookkeeping record (a draft), has no period.

- Norway (bokføringsloven § 13): primary records 5 years, secondary records 3.5 years, from the
  end of the financial year.
- Sweden (bokföringslagen 7 kap. 2 §): all accounting information 7 years from the end of the
  calendar year in which the financial year ended.
- Elsewhere: ``STRONGROOM_RETENTION_DEFAULT_YEARS`` (default 10) from the end of the financial
  year, for both categories.

The model labels are strings: the platform names the records apps' types without importing
them, and reads only the fields named here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from strongroom.platform.tenancy.models import Company


class Category(enum.Enum):
    PRIMARY = "primary records"
    SECONDARY = "secondary records"


@dataclass(frozen=True)
class Period:
    """A period of ``months`` after the end of the financial year (or of the calendar year the
    financial year ended in), under ``law``."""

    months: int
    law: str
    from_calendar_year: bool = False

    def describe(self, category: Category) -> str:
        years = f"{self.months // 12}" + (".5" if self.months % 12 == 6 else "")
        counted = "the calendar year of the financial year" if self.from_calendar_year else (
            "the financial year"
        )
        return f"{self.law}: {category.value}, {years} years after {counted}"


NORWAY = "Norwegian bookkeeping act"
SWEDEN = "Swedish bookkeeping act"
PERIODS: dict[str, dict[Category, Period]] = {
    "NO": {
        Category.PRIMARY: Period(60, NORWAY),
        Category.SECONDARY: Period(42, NORWAY),
    },
    "SE": {
        Category.PRIMARY: Period(84, SWEDEN, from_calendar_year=True),
        Category.SECONDARY: Period(84, SWEDEN, from_calendar_year=True),
    },
}


def default_period() -> Period:
    """The period of every other country: the operator's setting, in years."""
    return Period(12 * settings.STRONGROOM_RETENTION_DEFAULT_YEARS, "statutory default")


def period_for(country: str, category: Category) -> Period:
    return PERIODS.get(country.upper(), {}).get(category) or default_period()


def financial_year_end(company: Company, day: dt.date) -> dt.date:
    """The last day of the company's financial year that contains ``day`` (the calendar year
    unless the company set another year end)."""
    for year in (day.year, day.year + 1):
        last = calendar.monthrange(year, company.fiscal_year_end_month)[1]
        end = dt.date(year, company.fiscal_year_end_month, min(company.fiscal_year_end_day, last))
        if end >= day:
            return end
    raise AssertionError("unreachable: a financial year ends within twelve months")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` ahead; the last day of a month stays the last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    at_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last if at_end else min(day.day, last))


def today() -> dt.date:
    """Today in the installation's time zone, from the process clock."""
    return timezone.localdate(dt.datetime.fromtimestamp(time.time(), tz=dt.UTC))


def _invoice_year_end(invoice: Any) -> dt.date | None:
    return None if invoice.status == "draft" else invoice.fiscal_year_end


def _claim_year_end(claim: Any) -> dt.date | None:
    """An approved or reimbursed claim is a voucher of the year it was decided in."""
    if claim.status not in ("approved", "reimbursed"):
        return None
    moment = claim.decided_at or claim.submitted_at or claim.created_at
    return financial_year_end(claim.company, timezone.localdate(moment))


@dataclass(frozen=True)
class RecordType:
    """A kind of record the bookkeeping acts cover: its category, what to call it, and the end
    of the financial year it belongs to (``None``: not a bookkeeping record yet)."""

    category: Category
    noun: Callable[[Any], str]
    year_end: Callable[[Any], dt.date | None]


# Which records count as what. Primary: issued invoices and credit notes, approved or reimbursed
# expense claims and their lines with the receipts (the vouchers). Secondary (Norway 3.5 years):
# documentation of the accounting records other than vouchers; Strongroom holds no such type
# yet (documents carry no type), so the category is here for the day one is added.
RECORD_TYPES: dict[str, RecordType] = {
    "invoices.invoice": RecordType(
        Category.PRIMARY,
        lambda invoice: "credit note" if invoice.kind == "credit_note" else "invoice",
        _invoice_year_end,
    ),
    "expenses.expenseclaim": RecordType(
        Category.PRIMARY, lambda claim: "expense claim", _claim_year_end
    ),
    "expenses.expenseline": RecordType(
        Category.PRIMARY, lambda line: "expense voucher", lambda line: _claim_year_end(line.claim)
    ),
}


def noun(record: models.Model) -> str:
    kind = RECORD_TYPES.get(record._meta.label_lower)
    return kind.noun(record) if kind else str(record._meta.verbose_name)


def retained_until(record: models.Model) -> tuple[dt.date, str] | None:
    """The last day ``record`` must be kept and why, or ``None`` if no period covers it."""
    kind = RECORD_TYPES.get(record._meta.label_lower)
    year_end = kind.year_end(record) if kind else None
    if kind is None or year_end is None:
        return None
    company: Company = record.company  # type: ignore[attr-defined]
    period = period_for(company.country, kind.category)
    start = dt.date(year_end.year, 12, 31) if period.from_calendar_year else year_end
    return add_months(start, period.months), period.describe(kind.category)
