"""Retention periods by country and record type (platform/retention/rules.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from strongroom.platform.retention import rules
from tests.conftest import World
from tests.expenses.factories import approved_claim, draft_claim
from tests.invoices.factories import draft, issued

pytestmark = pytest.mark.django_db


def test_months_keep_the_end_of_month() -> None:
    assert rules.add_months(dt.date(2026, 12, 31), 42) == dt.date(2030, 6, 30)
    assert rules.add_months(dt.date(2026, 6, 30), 6) == dt.date(2026, 12, 31)
    assert rules.add_months(dt.date(2026, 3, 15), 60) == dt.date(2031, 3, 15)


@pytest.mark.parametrize(
    ("country", "category", "year_end", "until", "reason"),
    [
        ("NO", rules.Category.PRIMARY, dt.date(2026, 12, 31), dt.date(2031, 12, 31),
         "Norwegian bookkeeping act: primary records, 5 years after the financial year"),
        ("NO", rules.Category.SECONDARY, dt.date(2026, 12, 31), dt.date(2030, 6, 30),
         "Norwegian bookkeeping act: secondary records, 3.5 years after the financial year"),
        ("SE", rules.Category.PRIMARY, dt.date(2026, 6, 30), dt.date(2033, 12, 31),
         "Swedish bookkeeping act: primary records, 7 years after the calendar year of the"
         " financial year"),
        ("DK", rules.Category.PRIMARY, dt.date(2026, 12, 31), dt.date(2036, 12, 31),
         "statutory default: primary records, 10 years after the financial year"),
    ],
)
def test_periods(
    country: str, category: rules.Category, year_end: dt.date, until: dt.date, reason: str
) -> None:
    period = rules.period_for(country, category)
    start = dt.date(year_end.year, 12, 31) if period.from_calendar_year else year_end
    assert rules.add_months(start, period.months) == until
    assert period.describe(category) == reason


def test_the_default_is_the_operators_setting(settings: object) -> None:
    settings.STRONGROOM_RETENTION_DEFAULT_YEARS = 12  # type: ignore[attr-defined]
    assert rules.period_for("FI", rules.Category.PRIMARY).months == 144


def test_financial_year_of_the_company(world: World) -> None:
    company = world.a.company
    assert rules.financial_year_end(company, dt.date(2026, 5, 1)) == dt.date(2026, 12, 31)
    company.fiscal_year_end_month, company.fiscal_year_end_day = 6, 30
    assert rules.financial_year_end(company, dt.date(2026, 5, 1)) == dt.date(2026, 6, 30)
    assert rules.financial_year_end(company, dt.date(2026, 7, 1)) == dt.date(2027, 6, 30)


def test_an_issued_norwegian_invoice_is_kept_5_years_after_its_financial_year(
    world: World,
) -> None:
    invoice = issued(world.a)
    assert invoice.fiscal_year_end is not None
    until, reason = rules.retained_until(invoice) or (None, "")
    assert until == dt.date(invoice.fiscal_year_end.year + 5, 12, 31)
    assert reason.startswith("Norwegian bookkeeping act: primary records, 5 years")
    assert rules.retained_until(draft(world.a)) is None  # not a bookkeeping record yet


@pytest.mark.parametrize(("country", "years"), [("SE", 7), ("DE", 10)])
def test_swedish_and_default_periods_of_an_invoice(
    world: World, country: str, years: int
) -> None:
    world.a.company.country = country
    world.a.company.save(update_fields=["country"])
    invoice = issued(world.a)
    assert invoice.fiscal_year_end is not None
    kept = rules.retained_until(invoice)
    assert kept is not None
    assert kept[0] == dt.date(invoice.fiscal_year_end.year + years, 12, 31)


def test_approved_claims_and_their_lines_are_vouchers(world: World) -> None:
    assert rules.retained_until(draft_claim(world.a)) is None
    claim = approved_claim(world.a)
    kept = rules.retained_until(claim)
    assert kept is not None
    year_end = rules.financial_year_end(world.a.company, rules.today())
    assert kept[0] == dt.date(year_end.year + 5, 12, 31)
    assert rules.retained_until(claim.lines.get()) == kept
    assert rules.noun(claim.lines.get()) == "expense voucher"
