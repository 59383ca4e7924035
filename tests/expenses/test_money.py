"""Expense money through the actions: currencies, exchange rates, rounding half up, VAT, claim
totals, mileage at the company's rate, and bad input refused with its field named."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.history.models import AuditEvent
from strongroom.records.expenses import actions
from strongroom.records.expenses.models import ExpenseLine
from tests.conftest import World
from tests.expenses.factories import draft_claim, employee, receipt
from tests.expenses.helpers import days_ago, line, trip
from tests.files.samples import EXECUTABLE

pytestmark = pytest.mark.django_db
D = Decimal


ROUNDING = [  # currency, amount, VAT, rate -> in the claim's NOK: amount, VAT
    ("NOK", "120.00", "24.00", None, "120.00", "24.00"),
    ("nok", "99.9", "0", "1", "99.90", "0.00"),
    ("EUR", "40.00", "8.00", "11.5", "460.00", "92.00"),
    ("EUR", "0.50", "0.50", "1.01", "0.51", "0.51"),  # 0.505: half up, not to even
    ("USD", "10.01", "2.00", "10.123455", "101.34", "20.25"),  # 101.33578.., 20.24691
    ("JPY", "1500", "0", "0.0705", "105.75", "0.00"),  # no minor units
    ("KWD", "1.235", "0.005", "34.5", "42.61", "0.17"),  # three minor units; 42.6075
]


def test_a_line_is_converted_into_the_claim_currency_rounded_half_up(world: World) -> None:
    for currency, amount, vat, rate, claim_amount, claim_vat in ROUNDING:
        claim = draft_claim(world.a, lines=0)
        added = line(employee(world.a), claim, currency=currency, amount=D(amount),
                     vat_amount=D(vat), exchange_rate=None if rate is None else D(rate))
        added.refresh_from_db()
        assert added.currency == currency.upper()
        assert (added.claim_amount, added.claim_vat_amount) == (D(claim_amount), D(claim_vat))
        assert added.exchange_rate == D(rate or 1)
        claim.refresh_from_db()
        assert (claim.currency, claim.total, claim.vat_total) == (
            "NOK", D(claim_amount), D(claim_vat)
        )


def test_claim_totals_are_the_sum_of_the_rounded_lines(world: World) -> None:
    actor, claim = employee(world.a), draft_claim(world.a, lines=0)
    for _ in range(3):  # 0.505 each: rounded per line to 0.51, so 1.53 (not 1.515 -> 1.52)
        line(actor, claim, currency="EUR", amount=D("0.50"), vat_amount=D("0.10"),
             exchange_rate=D("1.01"))
    taxi = line(actor, claim, amount=D("250.00"), vat_amount=D("30.00"))
    trip(actor, claim, "10")  # 35.00 at the default 3.50, no VAT
    claim.refresh_from_db()
    assert (claim.total, claim.vat_total) == (D("286.53"), D("30.30"))
    actions.remove_expense_line(actor=actor, line=taxi)
    claim.refresh_from_db()
    assert (claim.total, claim.vat_total) == (D("36.53"), D("0.30"))


def test_mileage_uses_the_rate_of_the_day_and_keeps_it(world: World) -> None:
    actor, claim = employee(world.a), draft_claim(world.a, lines=0)
    first = trip(actor, claim, "42")
    assert (first.rate_per_km, first.claim_amount) == (D("3.50"), D("147.00"))
    actions.set_mileage_rate(actor=world.a.actor(perms.ACCOUNTANT), rate=D("4.125"))
    second = trip(actor, claim, "1")  # 4.125 -> 4.13, half up
    third = trip(actor, claim, "10.5")  # 43.3125 -> 43.31
    first.refresh_from_db()
    assert (first.rate_per_km, first.claim_amount) == (D("3.50"), D("147.00"))
    assert (second.rate_per_km, second.claim_amount) == (D("4.125"), D("4.13"))
    assert (third.distance_km, third.claim_amount) == (D("10.5"), D("43.31"))
    assert {first.receipt_id, first.vat_amount, first.category} == {None, D(0), "mileage"}
    claim.refresh_from_db()
    assert claim.total == D("194.44")


def test_the_mileage_rate_is_per_company(world: World) -> None:
    actions.set_mileage_rate(actor=world.a.actor(perms.ADMIN), rate=D("5"))
    other = trip(employee(world.b), draft_claim(world.b, lines=0), "10")
    assert other.claim_amount == D("35.00")


EXPENSE_CASES: list[tuple[dict[str, Any], str]] = [
    ({"amount": D("-10.00")}, "amount"),
    ({"amount": D("0")}, "amount"),
    ({"amount": D("10.001")}, "amount"),  # NOK has two decimals
    ({"amount": D("1e9")}, "amount"),
    ({"amount": D("NaN")}, "amount"),
    ({"amount": 10.5}, "amount"),  # a float is not money
    ({"currency": "JPY", "amount": D("1.5"), "exchange_rate": D("0.07")}, "amount"),
    ({"currency": "EURO"}, "currency"),
    ({"currency": "ABC"}, "currency"),
    ({"vat_amount": D("100.01")}, "vat_amount"),
    ({"vat_amount": D("-1")}, "vat_amount"),
    ({"vat_amount": D("0.001")}, "vat_amount"),
    ({"currency": "EUR"}, "exchange_rate"),  # a foreign currency needs its rate
    ({"currency": "EUR", "exchange_rate": D("0")}, "exchange_rate"),
    ({"currency": "EUR", "exchange_rate": D("-11.5")}, "exchange_rate"),
    ({"currency": "EUR", "exchange_rate": D("11.1234567")}, "exchange_rate"),
    ({"currency": "EUR", "exchange_rate": 11.5}, "exchange_rate"),
    ({"currency": "EUR", "exchange_rate": D("123456789")}, "exchange_rate"),  # beyond the field
    ({"currency": "EUR", "amount": D("999999999"), "exchange_rate": D("2")}, "amount"),
    ({"currency": "EUR", "amount": D("0.01"), "exchange_rate": D("0.1")}, "amount"),  # 0.001
    ({"exchange_rate": D("2")}, "exchange_rate"),  # same currency as the claim
    ({"date": days_ago(-1)}, "date"),
    ({"date": days_ago(4 * 365)}, "date"),
    ({"category": "yacht"}, "category"),
    ({"category": "mileage"}, "category"),  # trips go through add_mileage_line
    ({"description": "  "}, "description"),
    ({"description": "x" * 301}, "description"),
    ({"receipt": receipt("receipt.pdf", EXECUTABLE)}, "receipt"),
]


def test_a_bad_expense_line_is_refused_with_its_field(world: World) -> None:
    """Each case on a fresh claim: a field error, no line, nothing recorded."""
    for fields, field in EXPENSE_CASES:
        claim = draft_claim(world.a, lines=0)
        recorded = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as caught:
            line(employee(world.a), claim, **fields)
        assert field in caught.value.message_dict, fields
        assert not ExpenseLine.objects.filter(claim=claim).exists()
        assert AuditEvent.objects.count() == recorded


def test_a_bad_trip_or_mileage_rate_is_refused(world: World) -> None:
    claim = draft_claim(world.a, lines=0)
    for km in ("0", "-3", "12.25", "100000.1", "NaN"):
        with pytest.raises(ValidationError) as caught:
            trip(employee(world.a), claim, km)
        assert "distance_km" in caught.value.message_dict, km
    assert not ExpenseLine.objects.filter(claim=claim).exists()
    for rate in (D("0"), D("-1"), D("1000.5"), D("3.1234"), 4.2):
        with pytest.raises(ValidationError) as caught:
            actions.set_mileage_rate(actor=world.a.actor(perms.ADMIN), rate=rate)  # type: ignore[arg-type]
        assert "mileage_rate" in caught.value.message_dict, rate
