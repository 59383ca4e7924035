"""Absences plug into the approval engine as the kind ``absence`` (amounts in working days):
registration and the callbacks the engine calls, inside its decision's transaction, when an
absence's request ends."""

from __future__ import annotations

from typing import Any

from strongroom.platform.access.actor import Actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.records.absences.models import Absence, AbsenceStatus
from strongroom.records.approvals import registry

KIND = "absence"


def _decided(actor: Actor, absence: Absence, status: str, event: AuditEventType) -> None:
    before = capture(absence)
    absence.status = status
    absence.save(update_fields=["status"])
    record(actor=actor, event=event, obj=absence, company_id=absence.company_id, before=before)


def absence_approved(*, actor: Actor, record: Absence, approval: Any) -> None:
    """The last step approved the absence."""
    _decided(actor, record, AbsenceStatus.APPROVED, AuditEventType.ABSENCE_APPROVED)


def absence_rejected(*, actor: Actor, record: Absence, approval: Any) -> None:
    """A step rejected the absence."""
    _decided(actor, record, AbsenceStatus.REJECTED, AuditEventType.ABSENCE_REJECTED)


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
    registry.register(registry.Approvable(
        kind=KIND, label="Absence", model=Absence,
        amount_unit=registry.AmountUnit.DAYS, describe=describe, url=url,
        on_approved=absence_approved, on_rejected=absence_rejected, queryset=_records,
    ))
