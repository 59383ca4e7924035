"""Money as ``Decimal`` in an ISO 4217 currency: minor units, rounding and VAT.

Shared by the records apps that handle amounts (invoices, expenses). Rules (documented in
docs/records.md):

- Amounts carry exactly the currency's minor units (NOK 2, JPY 0, KWD 3). Never floats.
- A line's net amount is quantity x unit price, and its VAT is net x rate / 100, each rounded
  half up (``ROUND_HALF_UP``) to the currency's minor units at the line.
- An invoice's totals per VAT rate are the sums of its lines' rounded amounts, so the printed
  lines always add up to the printed totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from strongroom.platform.tenancy.reference import CURRENCY_MINOR_UNITS

HUNDRED = Decimal(100)


def minor_units(currency: str) -> int:
    """Decimal places of ``currency``; KeyError for a code that is not ISO 4217."""
    return CURRENCY_MINOR_UNITS[currency]


def quantize(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half up to the currency's minor units."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def decimal_places(value: Decimal) -> int:
    """How many decimal places ``value`` is written with (``1.50`` -> 2, ``2`` -> 0)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_amount(amount: Decimal, currency: str) -> str:
    """``1234.5`` NOK -> ``"1 234.50"``: the currency's minor units, thin-spaced thousands."""
    value = quantize(amount, currency)
    return f"{value:,.{minor_units(currency)}f}".replace(",", "\u202f")


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def line_amounts(
    quantity: Decimal, unit_price: Decimal, vat_rate: Decimal, currency: str
) -> LineAmounts:
    """A line's net and VAT amounts, each rounded half up at the line."""
    net = quantize(quantity * unit_price, currency)
    return LineAmounts(net=net, vat=quantize(net * vat_rate / HUNDRED, currency))


@dataclass(frozen=True)
class VatGroup:
    """The lines of one VAT rate: their summed net amounts and VAT."""

    rate: Decimal
    net: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    by_rate: tuple[VatGroup, ...]

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def totals(lines: Iterable[tuple[Decimal, LineAmounts]], currency: str) -> Totals:
    """Totals per VAT rate (highest rate first) and overall, from (rate, amounts) pairs."""
    zero = quantize(Decimal(0), currency)
    groups: dict[Decimal, tuple[Decimal, Decimal]] = {}
    for rate, amounts in lines:
        key = rate.quantize(Decimal("0.01"))
        net, vat = groups.get(key, (zero, zero))
        groups[key] = (net + amounts.net, vat + amounts.vat)
    by_rate = tuple(
        VatGroup(rate=rate, net=net, vat=vat)
        for rate, (net, vat) in sorted(groups.items(), reverse=True)
    )
    return Totals(
        net=sum((g.net for g in by_rate), zero),
        vat=sum((g.vat for g in by_rate), zero),
        by_rate=by_rate,
    )
