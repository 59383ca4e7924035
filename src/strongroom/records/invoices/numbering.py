"""Gap-free invoice numbers: one series per company and fiscal year.

An invoice (or credit note: they share the series) is numbered ``<year>-<sequence>``, e.g.
``2025-00042``, where ``<year>`` is the calendar year in which the fiscal year of its issue date
ends. The counter row of the series is locked (``SELECT ... FOR UPDATE``) inside the issuing
transaction: concurrent issues in one company take turns, and a failed issue rolls its number
back with it, so the series has no gaps and no duplicates. A unique constraint on
(company, year, sequence) backs this up.
"""

from __future__ import annotations

import calendar
import datetime as dt

from strongroom.platform.tenancy.models import Company
from strongroom.records.invoices.models import Invoice, InvoiceCounter


def fiscal_year_end(company: Company, day: dt.date) -> dt.date:
    """The last day of the company's fiscal year that contains ``day``."""
    for year in (day.year, day.year + 1):
        end = _end_in(company, year)
        if end >= day:
            return end
    raise AssertionError("unreachable: a fiscal year ends within twelve months")


def _end_in(company: Company, year: int) -> dt.date:
    month = company.fiscal_year_end_month
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(company.fiscal_year_end_day, last_day))


def format_number(series_year: int, sequence: int) -> str:
    return f"{series_year}-{sequence:05d}"


def next_sequence(company: Company, series_year: int) -> int:
    """The next number of the series, taken under a lock held until the transaction ends."""
    InvoiceCounter.objects.bulk_create(
        [InvoiceCounter(company=company, series_year=series_year, last_sequence=0)],
        ignore_conflicts=True,
    )
    counter = InvoiceCounter.objects.select_for_update().get(
        company=company, series_year=series_year
    )
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def latest_issue_date(company: Company, series_year: int) -> dt.date | None:
    """The latest issue date in the series (read under the counter's lock)."""
    found = Invoice.objects.filter(company=company, series_year=series_year).order_by(
        "-issue_date"
    ).values_list("issue_date", flat=True).first()
    return found
