"""Input checks of the expense actions; each raises ValidationError with field errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform import money
from strongroom.platform.tenancy.reference import CURRENCIES
from strongroom.records.expenses.models import Category

MAX_AMOUNT = Decimal("1e9")
MAX_RATE = Decimal("1e8")  # ExpenseLine.exchange_rate holds eight integer digits
MAX_DISTANCE = Decimal(100_000)
OLDEST_DAYS = 3 * 366


def _places(value: Decimal) -> int:
    return money.decimal_places(value)


def line_date(value: dt.date) -> dt.date:
    today = timezone.localdate()
    if value > today:
        raise ValidationError({"date": "The date cannot be in the future."})
    if value < today - dt.timedelta(days=OLDEST_DAYS):
        raise ValidationError({"date": "The date is more than three years ago."})
    return value


def text(field: str, value: str, limit: int, *, required: bool = True) -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationError({field: "This field is required."})
    if len(cleaned) > limit:
        raise ValidationError({field: f"At most {limit} characters."})
    return cleaned


def category(value: str) -> str:
    if value not in Category.values or value == Category.MILEAGE:
        choices = ", ".join(c for c in Category.values if c != Category.MILEAGE)
        raise ValidationError({"category": f"Unknown category {value!r}; use one of {choices}."})
    return value


def currency(value: str) -> str:
    code = (value or "").strip().upper()
    if code not in CURRENCIES:
        raise ValidationError(
            {"currency": f"Unknown currency {value!r}; use an ISO 4217 code such as NOK or EUR."}
        )
    return code


def amount(field: str, value: Decimal, code: str, *, positive: bool = True) -> Decimal:
    places = money.minor_units(code)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError({field: "Enter an amount."})
    if value < 0 or (positive and value == 0):
        raise ValidationError({field: "The amount must be more than zero."
                               if positive else "The amount cannot be negative."})
    if value >= MAX_AMOUNT:
        raise ValidationError({field: "The amount is too large."})
    if _places(value) > places:
        raise ValidationError({field: f"{code} amounts have at most {places} decimal places."})
    return value


def exchange_rate(value: Decimal | None, code: str, claim_currency: str) -> Decimal:
    if code == claim_currency:
        if value not in (None, Decimal(1)):
            raise ValidationError({"exchange_rate": "Same currency as the claim: leave it out."})
        return Decimal(1)
    if (
        not isinstance(value, Decimal) or not value.is_finite() or value <= 0
        or value >= MAX_RATE or _places(value) > 6
    ):
        raise ValidationError({"exchange_rate": (
            f"Give the rate from {code} to {claim_currency} you paid, e.g. 11.52 "
            "(more than zero, at most 6 decimals)."
        )})
    return value


def converted(value: Decimal, claim_currency: str) -> Decimal:
    """An amount converted into the claim's currency (rounded): more than zero, not too large."""
    if value <= 0:
        raise ValidationError({"amount": f"The amount is less than one minor unit of "
                                         f"{claim_currency} at this rate."})
    if value >= MAX_AMOUNT:
        raise ValidationError({"amount": f"The amount in {claim_currency} is too large."})
    return value


def distance(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise ValidationError({"distance_km": "The distance must be more than zero."})
    if value > MAX_DISTANCE or _places(value) > 1:
        raise ValidationError({"distance_km": "At most 100 000 km, with one decimal."})
    return value


def rate(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise ValidationError({"mileage_rate": "The rate must be more than zero."})
    if value > 1000 or _places(value) > 3:
        raise ValidationError({"mileage_rate": "At most 1000 per km, with three decimals."})
    return value
