"""Builders for absence tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from strongroom.platform.access import permissions as perms
from strongroom.records.absences.actions import types
from strongroom.records.absences.models import AbsenceType
from tests.conftest import CompanyWorld

MONDAY = dt.date(2031, 3, 3)  # a Monday far from today, clear of holidays in tests


def standard_types(world: CompanyWorld) -> dict[str, AbsenceType]:
    """The standard types of the company, by category."""
    standard = [name for name, *_ in types.STANDARD_TYPES]
    existing = AbsenceType.objects.filter(company=world.company, name__in=standard)
    if existing.count() < len(standard):
        types.add_standard_absence_types(actor=world.actor(perms.ADMIN))
    return {t.category: t for t in existing.all()}


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def no_approval_type(world: CompanyWorld) -> AbsenceType:
    return AbsenceType.objects.get_or_create(
        company=world.company, name="Training", category="other",
        defaults={"needs_approval": False, "yearly_entitlement": Decimal(5)},
    )[0]
