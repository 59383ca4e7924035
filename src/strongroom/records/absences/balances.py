"""Yearly balances: entitlement, used (approved), pending and remaining working days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from strongroom.platform.tenancy.models import Membership
from strongroom.records.absences import days
from strongroom.records.absences.models import (
    ACTIVE_STATUSES,
    Absence,
    AbsenceStatus,
    AbsenceType,
    Entitlement,
)

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Balance:
    """One member's year of one absence type."""

    absence_type: AbsenceType
    year: int
    entitlement: Decimal | None  # None: the type keeps no balance
    used: Decimal
    pending: Decimal

    @property
    def remaining(self) -> Decimal | None:
        if self.entitlement is None:
            return None
        return self.entitlement - self.used - self.pending


def year_absences(member: Membership, year: int) -> list[Absence]:
    """The member's pending and approved absences touching ``year``."""
    return list(
        Absence.objects.filter(
            member=member, status__in=ACTIVE_STATUSES,
            start_date__lte=dt.date(year, 12, 31), end_date__gte=dt.date(year, 1, 1),
        ).select_related("absence_type")
    )


def balances(
    member: Membership, year: int, types: Iterable[AbsenceType], *, exclude: Absence | None = None
) -> list[Balance]:
    """The member's balance of each type for ``year``."""
    own = {
        entitlement.absence_type_id: entitlement.days
        for entitlement in Entitlement.objects.filter(member=member, year=year)
    }
    country = member.company.country
    used: dict[object, Decimal] = {}
    pending: dict[object, Decimal] = {}
    for absence in year_absences(member, year):
        if exclude is not None and absence.pk == exclude.pk:
            continue
        share = days.by_year(absence.start_date, absence.end_date, absence.start_half,
                             absence.end_half, country).get(year, Decimal(0))
        target = used if absence.status == AbsenceStatus.APPROVED else pending
        target[absence.absence_type_id] = target.get(absence.absence_type_id, Decimal(0)) + share
    result = []
    for absence_type in types:
        entitlement = own.get(absence_type.pk, absence_type.yearly_entitlement)
        if absence_type.yearly_entitlement is None:
            entitlement = None
        result.append(Balance(
            absence_type, year, entitlement,
            used.get(absence_type.pk, Decimal(0)).quantize(TENTH),
            pending.get(absence_type.pk, Decimal(0)).quantize(TENTH),
        ))
    return result
