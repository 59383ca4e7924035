"""Input checks of contacts: clean values or a ValidationError naming every bad field."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from strongroom.platform.tenancy.reference import COUNTRIES

# field -> (maximum length, required)
ORGANISATION_FIELDS: dict[str, tuple[int, bool]] = {
    "name": (200, True),
    "organisation_number": (40, False),
    "vat_id": (40, False),
    "email": (254, False),
    "phone": (40, False),
    "website": (200, False),
    "address": (300, False),
    "postal_code": (20, False),
    "city": (100, False),
    "country": (2, True),
    "notes": (5000, False),
}
PERSON_FIELDS: dict[str, tuple[int, bool]] = {
    "name": (200, True),
    "job_title": (100, False),
    "email": (254, False),
    "phone": (40, False),
    "address": (500, False),
    "notes": (5000, False),
}
MULTILINE = frozenset({"notes", "address"})
PHONE = re.compile(r"^\+?[0-9 ()./-]{3,40}$")
VAT_ID = re.compile(r"^[A-Z0-9]{2,40}$")
_url = URLValidator(schemes=["http", "https"])


def _text(field: str, raw: object, limit: int, required: bool, errors: dict[str, str]) -> str:
    value = str(raw or "").strip()
    if field not in MULTILINE:
        value = " ".join(value.split())
    if required and not value:
        errors[field] = "This field is required."
    elif len(value) > limit:
        errors[field] = f"At most {limit} characters (this has {len(value)})."
    elif any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        errors[field] = "Control characters are not allowed."
    return value


def _common(values: dict[str, str], errors: dict[str, str]) -> None:
    """Checks shared by organisations and persons: e-mail and phone formats."""
    if values.get("email") and "email" not in errors:
        local, _, domain = values["email"].rpartition("@")
        if local:
            values["email"] = f"{local}@{domain.lower()}"
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = "Enter a valid e-mail address, like kari@example.no."
    if values.get("phone") and "phone" not in errors and not PHONE.match(values["phone"]):
        errors["phone"] = "Use digits, spaces and + ( ) - . / only, like +47 22 33 44 55."


def _unknown(values: Mapping[str, object], allowed: Mapping[str, object]) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValueError(f"unknown fields: {unknown}")


def organisation(values: Mapping[str, object]) -> dict[str, str]:
    """Every organisation field, cleaned (missing ones empty)."""
    _unknown(values, ORGANISATION_FIELDS)
    errors: dict[str, str] = {}
    clean = {
        field: _text(field, values.get(field), limit, required, errors)
        for field, (limit, required) in ORGANISATION_FIELDS.items()
    }
    clean["country"] = clean["country"].upper()
    if clean["country"] and "country" not in errors and clean["country"] not in COUNTRIES:
        errors["country"] = (
            f"Unknown country code {clean['country']!r}; use ISO 3166-1 alpha-2, e.g. NO."
        )
    clean["vat_id"] = re.sub(r"[\s.-]", "", clean["vat_id"]).upper()
    if clean["vat_id"] and "vat_id" not in errors and not VAT_ID.match(clean["vat_id"]):
        errors["vat_id"] = "Use letters and digits only, like NO999888777MVA."
    if clean["website"] and "website" not in errors:
        if "://" not in clean["website"]:
            clean["website"] = f"https://{clean['website']}"
        try:
            _url(clean["website"])
        except ValidationError:
            errors["website"] = "Enter a web address, like https://example.no."
    _common(clean, errors)
    if errors:
        raise ValidationError(errors)
    return clean


def person(values: Mapping[str, object]) -> dict[str, str]:
    """Every contact person field, cleaned (missing ones empty)."""
    _unknown(values, PERSON_FIELDS)
    errors: dict[str, str] = {}
    clean = {
        field: _text(field, values.get(field), limit, required, errors)
        for field, (limit, required) in PERSON_FIELDS.items()
    }
    _common(clean, errors)
    if errors:
        raise ValidationError(errors)
    return clean
