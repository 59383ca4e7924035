"""Absences plug into the approval engine as the kind ``absence`` (amounts in working days)."""

from __future__ import annotations

from typing import Any

from strongroom.records.absences.models import Absence
from strongroom.records.approvals import registry


def describe(absence: Absence) -> str:
    """E.g. "Vacation, 2026-07-06 to 2026-07-17 (10 working days)" (no note)."""
    when = (
        str(absence.start_date) if absence.start_date == absence.end_date
        else f"{absence.start_date} to {absence.end_date}"
    )
    return f"{absence.absence_type.name}, {when} ({absence.days.normalize():f} working days)"


def url(absence: Absence) -> str:
    return f"/c/{absence.company.slug}/absences/{absence.pk}/"


def _records() -> Any:
    return Absence.objects.select_related("absence_type", "company", "member__user")


def register() -> None:
    from strongroom.records.absences.actions import requests

    registry.register(registry.Approvable(
        kind=requests.KIND, label="Absence", model=Absence,
        amount_unit=registry.AmountUnit.DAYS, describe=describe, url=url,
        on_approved=requests.on_approved, on_rejected=requests.on_rejected, queryset=_records,
    ))
