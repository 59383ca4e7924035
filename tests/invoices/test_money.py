"""Money rules: minor units, half-up rounding at the line, totals per VAT rate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from strongroom.platform import money


@pytest.mark.parametrize(
    ("quantity", "price", "rate", "currency", "net", "vat"),
    [
        ("1", "0.05", "25", "NOK", "0.05", "0.01"),  # 0.0125 -> 0.01
        ("1", "0.10", "25", "NOK", "0.10", "0.03"),  # 0.025 -> 0.03 (half up, not even)
        ("3", "33.33", "15", "NOK", "99.99", "15.00"),  # 14.9985 -> 15.00
        ("0.333", "10.00", "25", "EUR", "3.33", "0.83"),  # 3.33 x 25 % = 0.8325
        ("2.5", "101", "25", "JPY", "253", "63"),  # no minor units: 252.5 -> 253
        ("1", "1.005", "0", "KWD", "1.005", "0.000"),  # three minor units
        ("7.5", "1250.00", "12", "NOK", "9375.00", "1125.00"),
    ],
)
def test_line_amounts_round_half_up_to_the_currency(
    quantity: str, price: str, rate: str, currency: str, net: str, vat: str
) -> None:
    amounts = money.line_amounts(Decimal(quantity), Decimal(price), Decimal(rate), currency)
    assert (str(amounts.net), str(amounts.vat)) == (net, vat)


def test_totals_are_sums_of_rounded_lines_grouped_by_rate() -> None:
    lines = [
        (Decimal(25), money.line_amounts(Decimal(1), Decimal("0.10"), Decimal(25), "NOK")),
        (Decimal(25), money.line_amounts(Decimal(1), Decimal("0.10"), Decimal(25), "NOK")),
        (Decimal(15), money.line_amounts(Decimal(2), Decimal("50.00"), Decimal(15), "NOK")),
        (Decimal(0), money.line_amounts(Decimal(1), Decimal("10.00"), Decimal(0), "NOK")),
    ]
    totals = money.totals(lines, "NOK")
    # Two lines of 0.025 VAT each round to 0.03 at the line: 0.06, not round(0.05) = 0.05.
    assert [(str(g.rate), str(g.net), str(g.vat)) for g in totals.by_rate] == [
        ("25.00", "0.20", "0.06"), ("15.00", "100.00", "15.00"), ("0.00", "10.00", "0.00"),
    ]
    assert (str(totals.net), str(totals.vat), str(totals.gross)) == ("110.20", "15.06", "125.26")


def test_no_float_enters() -> None:
    with pytest.raises(TypeError):
        money.line_amounts(Decimal(1), 0.1, Decimal(25), "NOK")  # type: ignore[arg-type]


def test_format_amount_uses_minor_units() -> None:
    assert money.format_amount(Decimal("1234567.5"), "NOK") == "1\u202f234\u202f567.50"
    assert money.format_amount(Decimal("1234.5"), "JPY") == "1\u202f235"
    assert money.format_amount(Decimal("1.2"), "BHD") == "1.200"
