"""Input checks of the invoice actions. Each raises ValidationError with field errors, named
``lines.<index>.<field>`` for a line, so that the web form and the API can show them in place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from strongroom.platform import money
from strongroom.platform.tenancy.reference import CURRENCIES

MAX_LINES = 200
MAX_QUANTITY = Decimal("1e9")
MAX_UNIT_PRICE = Decimal("1e12")
MAX_TERMS_DAYS = 365
TEXT_LIMITS = {
    "customer_name": 200,
    "customer_address": 1000,
    "customer_org_number": 50,
    "customer_email": 254,
    "customer_reference": 200,
    "notes": 2000,
}


@dataclass(frozen=True)
class LineInput:
    """One line as given by a form or an API request."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal
    unit: str = ""


def currency(value: str) -> str:
    """An ISO 4217 code, upper-cased."""
    code = (value or "").strip().upper()
    if code not in CURRENCIES:
        raise ValidationError(
            {"currency": f"Unknown currency {value!r}; use an ISO 4217 code such as NOK or EUR."}
        )
    return code


def header(fields: Mapping[str, object]) -> dict[str, object]:
    """Check the given header fields; returns them cleaned (text stripped)."""
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {}
    for name, value in fields.items():
        if name in TEXT_LIMITS:
            text = str(value or "").strip()
            if len(text) > TEXT_LIMITS[name]:
                errors[name] = f"At most {TEXT_LIMITS[name]} characters."
            cleaned[name] = text
        elif name == "payment_terms_days":
            days = value if isinstance(value, int) else -1
            if not 0 <= days <= MAX_TERMS_DAYS:
                errors[name] = f"Give a number of days from 0 to {MAX_TERMS_DAYS}."
            cleaned[name] = days
        else:
            raise TypeError(f"unknown invoice field {name}")
    if "customer_name" in cleaned and not cleaned["customer_name"]:
        errors["customer_name"] = "An invoice needs the customer's name."
    email = str(cleaned.get("customer_email", ""))
    if email and ("@" not in email or " " in email):
        errors["customer_email"] = "Enter a valid e-mail address."
    if errors:
        raise ValidationError(errors)
    return cleaned


def lines(values: Sequence[LineInput], currency_code: str) -> list[LineInput]:
    """Check every line against the invoice's currency; returns them with text stripped."""
    if len(values) > MAX_LINES:
        raise ValidationError({"lines": f"At most {MAX_LINES} lines per invoice."})
    places = money.minor_units(currency_code)
    errors: dict[str, str] = {}
    cleaned = []
    for index, line in enumerate(values):
        prefix = f"lines.{index}."
        description = (line.description or "").strip()
        if not description:
            errors[prefix + "description"] = "Describe what is invoiced."
        elif len(description) > 500:
            errors[prefix + "description"] = "At most 500 characters."
        if len(line.unit.strip()) > 20:
            errors[prefix + "unit"] = "At most 20 characters."
        problem = _quantity(line.quantity)
        if problem:
            errors[prefix + "quantity"] = problem
        problem = _unit_price(line.unit_price, currency_code, places)
        if problem:
            errors[prefix + "unit_price"] = problem
        problem = _vat_rate(line.vat_rate)
        if problem:
            errors[prefix + "vat_rate"] = problem
        cleaned.append(
            LineInput(description, line.quantity, line.unit_price, line.vat_rate,
                      line.unit.strip())
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _finite(value: Decimal) -> bool:
    return isinstance(value, Decimal) and value.is_finite()


def _quantity(value: Decimal) -> str:
    if not _finite(value):
        return "Enter a number."
    if value <= 0:
        return "The quantity must be more than zero."
    if value >= MAX_QUANTITY:
        return "The quantity is too large."
    if money.decimal_places(value) > 3:
        return "At most 3 decimal places."
    return ""


def _unit_price(value: Decimal, currency_code: str, places: int) -> str:
    if not _finite(value):
        return "Enter an amount."
    if value < 0:
        return "The unit price cannot be negative; correct an issued invoice with a credit note."
    if value >= MAX_UNIT_PRICE:
        return "The amount is too large."
    if money.decimal_places(value) > places:
        return f"{currency_code} amounts have at most {places} decimal places."
    return ""


def _vat_rate(value: Decimal) -> str:
    if not _finite(value):
        return "Enter a VAT rate in percent."
    if not Decimal(0) <= value <= Decimal(100):
        return "The VAT rate is a percentage from 0 to 100."
    if money.decimal_places(value) > 2:
        return "At most 2 decimal places."
    return ""
