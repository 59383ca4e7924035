"""Template filters for money (``{% load money %}``): ``{{ amount|money:invoice.currency }}``
and ``{{ line.vat_rate|rate }}``, the rules being those of platform/money.py."""

from __future__ import annotations

from decimal import Decimal

from django import template

from strongroom.platform import money as money_rules

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    """The amount with the currency's minor units, e.g. ``1 234.50``."""
    if amount is None:
        return ""
    return money_rules.format_amount(Decimal(amount), currency)


@register.filter
def rate(value: Decimal) -> str:
    """A VAT rate without trailing zeros: ``25.00`` -> ``25``, ``12.50`` -> ``12.5``."""
    text = format(Decimal(value).normalize(), "f")
    return text
