"""Builders for absence tests."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from strongroom.platform.access import permissions as perms
from strongroom.records.absences.actions import requests, types
from strongroom.records.absences.models import Absence, AbsenceType
from strongroom.records.approvals.models import ApprovalRequest
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


_WEEKS = itertools.count()


def fresh_week() -> tuple[dt.date, dt.date]:
    """Monday and Wednesday of a week no other call has used (no overlaps between calls)."""
    monday = MONDAY + dt.timedelta(weeks=next(_WEEKS))
    return monday, monday + dt.timedelta(days=2)


def pending_absence(world: CompanyWorld, role: str = perms.EMPLOYEE) -> Absence:
    """A fresh absence of ``role``'s member waiting for approval by the owners."""
    start, end = fresh_week()
    return requests.request_absence(
        actor=world.actor(role), absence_type=standard_types(world)["other"],
        start_date=start, end_date=end, note="Dentist, then a family matter",
    )


def pending_step(world: CompanyWorld) -> ApprovalRequest:
    """The approval request of a fresh pending absence."""
    absence = pending_absence(world)
    return ApprovalRequest.objects.get(record_id=str(absence.pk))
