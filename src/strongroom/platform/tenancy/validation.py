"""Input checks shared by tenancy actions; each raises ValidationError with field errors."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.tenancy.models import SLUG_VALIDATOR, Company, Tag
from strongroom.platform.tenancy.reference import COUNTRIES, CURRENCIES, REGIONS

TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}(?::[a-z0-9][a-z0-9_.-]{0,59})?$")
MAX_TAGS = 30
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def company_fields(
    *,
    slug: str | None = None,
    name: str | None = None,
    country: str | None = None,
    region: str | None = None,
    currency: str | None = None,
    fiscal_year_end: tuple[int, int] | None = None,
) -> None:
    """Check the given company fields (None means "not being set")."""
    errors: dict[str, str] = {}
    if slug is not None:
        try:
            SLUG_VALIDATOR(slug)
        except ValidationError as exc:
            errors["slug"] = exc.messages[0]
    if name is not None and not name.strip():
        errors["name"] = "A company needs a name."
    if name is not None and len(name) > 200:
        errors["name"] = "At most 200 characters."
    if country is not None and country not in COUNTRIES:
        errors["country"] = f"Unknown country code {country!r}; use ISO 3166-1 alpha-2, e.g. NO."
    if region is not None and region not in REGIONS:
        errors["region"] = f"Unknown region {region!r}; choose one of {', '.join(REGIONS)}."
    if currency is not None and currency not in CURRENCIES:
        errors["currency"] = f"Unknown currency {currency!r}; use ISO 4217, e.g. NOK."
    if fiscal_year_end is not None:
        month, day = fiscal_year_end
        if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
            errors["fiscal_year_end"] = "Not a valid month and day."
    if errors:
        raise ValidationError(errors)


def role(value: str, *, has_custom_role: bool) -> None:
    """A built-in role name, or ``custom`` together with a custom role."""
    if value == perms.CUSTOM:
        if not has_custom_role:
            raise ValidationError({"custom_role": "Choose which custom role."})
        return
    if value not in perms.BUILTIN_ROLES:
        raise ValidationError(
            {"role": f"Unknown role {value!r}; choose one of {', '.join(perms.BUILTIN_ROLES)}."}
        )
    if has_custom_role:
        raise ValidationError({"custom_role": "Only the role 'custom' takes a custom role."})


def tags(values: Iterable[str]) -> list[str]:
    """Normalised, de-duplicated tags such as ``team:oslo`` or ``lead:oslo``."""
    cleaned = sorted({value.strip().lower() for value in values if value.strip()})
    bad = [value for value in cleaned if not TAG_PATTERN.match(value)]
    if bad:
        raise ValidationError(
            {"tags": f"Invalid tag(s) {', '.join(bad)}: use name or name:value, e.g. team:oslo."}
        )
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": f"At most {MAX_TAGS} tags per member."})
    return cleaned


def defined_tags(company: Company, values: Iterable[str]) -> list[str]:
    """Like :func:`tags`, and every tag must be in the company's catalogue."""
    cleaned = tags(values)
    known = set(
        Tag.objects.filter(company=company, name__in=cleaned).values_list("name", flat=True)
    )
    unknown = [value for value in cleaned if value not in known]
    if unknown:
        raise ValidationError(
            {"tags": f"Unknown tag(s) {', '.join(unknown)}: define them under Tags first."}
        )
    return cleaned


def tag_name(value: str) -> str:
    """One normalised tag name for the catalogue, e.g. ``team:oslo``."""
    cleaned = value.strip().lower()
    if not TAG_PATTERN.match(cleaned):
        raise ValidationError(
            {"name": f"Invalid tag {cleaned!r}: use name or name:value, e.g. team:oslo."}
        )
    return cleaned


def permission_names(values: Iterable[str]) -> list[str]:
    """Known company permission names for a custom role."""
    cleaned = sorted(set(values))
    company = {p.name for p in perms.all_permissions(perms.Scope.COMPANY)}
    unknown = [value for value in cleaned if value not in company]
    if unknown:
        raise ValidationError({"permissions": f"Unknown permission(s): {', '.join(unknown)}."})
    return cleaned
