"""Absence requests: ask, withdraw or cancel, edit the note; approval through the engine."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.history.action import action
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.tenancy.models import Membership
from strongroom.records.absences import balances, days
from strongroom.records.absences.approval import KIND
from strongroom.records.absences.models import (
    ACTIVE_STATUSES,
    Absence,
    AbsenceStatus,
    AbsenceType,
)
from strongroom.records.absences.permissions import ABSENCE_MANAGE, ABSENCE_REQUEST
from strongroom.records.approvals import steps as approval_steps

MAX_NOTE = 2000
MAX_SPAN = dt.timedelta(days=366)


def _member(actor: Actor, member: Membership | None) -> Membership:
    """Whose absence: the actor's own (absence.request) or another's (absence.manage)."""
    own = actor.membership
    if member is None or (own is not None and member.pk == own.pk):
        if actor.company is None:
            raise policy.NotFound()
        policy.require(actor, ABSENCE_REQUEST, actor.company)
        if own is None or own.pk is None:
            raise policy.Forbidden("Only members of the company can request absences.")
        return own
    policy.require(actor, ABSENCE_MANAGE, member)
    if not member.is_active:
        raise ValidationError({"member": "This person is no longer a member."})
    return member


def _note(value: str) -> str:
    cleaned = value.strip()
    if len(cleaned) > MAX_NOTE:
        raise ValidationError({"note": f"At most {MAX_NOTE} characters."})
    return cleaned


def _check_dates(
    start: dt.date, end: dt.date, start_half: bool, end_half: bool, country: str
) -> None:
    if end < start:
        raise ValidationError({"end_date": "The last day is before the first day."})
    if end - start > MAX_SPAN:
        raise ValidationError({"end_date": "An absence spans at most a year: split it."})
    if not (2000 <= start.year <= 2100 and 2000 <= end.year <= 2100):
        raise ValidationError({"start_date": "Give dates between 2000 and 2100."})
    if days.count(start, end, start_half, end_half, country) <= 0:
        raise ValidationError({"start_date": (
            "There are no working days in this period (weekends and public holidays are free)."
        )})


def _check_overlap(absence: Absence) -> None:
    mine = (absence.start_date, absence.end_date, absence.start_half, absence.end_half)
    others = Absence.objects.filter(
        member=absence.member, status__in=ACTIVE_STATUSES,
        start_date__lte=absence.end_date, end_date__gte=absence.start_date,
    ).exclude(pk=absence.pk).select_related("absence_type")
    for other in others:
        if days.overlap(mine, (other.start_date, other.end_date, other.start_half,
                               other.end_half)):
            raise ValidationError({"start_date": (
                f"Overlaps {other.absence_type.name.lower()} from {other.start_date} to "
                f"{other.end_date} ({other.get_status_display().lower()})."
            )})


def _check_balance(absence: Absence) -> None:
    absence_type = absence.absence_type
    if absence_type.yearly_entitlement is None:
        return
    wanted = days.by_year(absence.start_date, absence.end_date, absence.start_half,
                          absence.end_half, absence.member.company.country)
    for year, count in sorted(wanted.items()):
        (balance,) = balances.balances(absence.member, year, [absence_type], exclude=absence)
        remaining = balance.remaining
        if remaining is not None and count > remaining:
            raise ValidationError({"end_date": (
                f"Only {remaining} of {balance.entitlement} {absence_type.name.lower()} days "
                f"are left in {year}; this asks for {count}."
            )})


@action
def request_absence(
    *,
    actor: Actor,
    absence_type: AbsenceType,
    start_date: dt.date,
    end_date: dt.date,
    start_half: bool = False,
    end_half: bool = False,
    note: str = "",
    member: Membership | None = None,
) -> Absence:
    """Ask for an absence (one's own, or for ``member`` with absence.manage). Types that need
    approval start it through the approval engine; the others are approved at once."""
    whose = _member(actor, member)
    if absence_type.company_id != whose.company_id:
        raise policy.NotFound()
    if not absence_type.is_active:
        raise ValidationError({"absence_type": f"{absence_type.name} is no longer offered."})
    country = whose.company.country
    _check_dates(start_date, end_date, start_half, end_half, country)
    # One request of a member at a time: overlap and balance checks see each other's rows.
    list(Membership.objects.select_for_update().filter(pk=whose.pk).values_list("pk"))
    absence = Absence(
        company_id=whose.company_id, member=whose, absence_type=absence_type,
        start_date=start_date, end_date=end_date, start_half=start_half, end_half=end_half,
        days=days.count(start_date, end_date, start_half, end_half, country), note=_note(note),
        status=AbsenceStatus.PENDING if absence_type.needs_approval else AbsenceStatus.APPROVED,
        requested_by=actor.membership if actor.membership and actor.membership.pk else None,
    )
    _check_overlap(absence)
    _check_balance(absence)
    absence.save()
    record(actor=actor, event=AuditEventType.ABSENCE_REQUESTED, obj=absence,
           company_id=absence.company_id)
    if absence_type.needs_approval:
        approval_steps.start_approval(actor=actor, record_obj=absence, kind=KIND,
                                      requester=whose, amount=absence.days)
    return absence


def _require_own_or_manage(actor: Actor, absence: Absence) -> None:
    if not policy.allows(actor, ABSENCE_MANAGE, absence):
        policy.require(actor, ABSENCE_REQUEST, absence)


@action
def cancel_absence(*, actor: Actor, absence: Absence) -> Absence:
    """Withdraw a pending request, or cancel an approved absence that has not ended."""
    _require_own_or_manage(actor, absence)
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    manager = policy.allows(actor, ABSENCE_MANAGE, absence)
    if absence.status not in ACTIVE_STATUSES:
        raise ValidationError({"__all__": "This absence is already closed."})
    if absence.status == AbsenceStatus.APPROVED and not manager and (
        absence.end_date < timezone.localdate()
    ):
        raise ValidationError({"__all__": "This absence is over; ask an admin to correct it."})
    before = capture(absence)
    if absence.status == AbsenceStatus.PENDING:
        approval_steps.withdraw_approval(actor=actor, kind=KIND, record_obj=absence)
        absence.status, event = AbsenceStatus.WITHDRAWN, AuditEventType.ABSENCE_WITHDRAWN
    else:
        absence.status, event = AbsenceStatus.CANCELLED, AuditEventType.ABSENCE_CANCELLED
    absence.save(update_fields=["status"])
    record(actor=actor, event=event, obj=absence, company_id=absence.company_id, before=before)
    return absence


@action
def change_absence_note(*, actor: Actor, absence: Absence, note: str) -> Absence:
    """Replace the absence's note (personal data of the member, stored encrypted)."""
    _require_own_or_manage(actor, absence)
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    before = capture(absence)
    absence.note = _note(note)
    absence.save(update_fields=["note"])
    record(actor=actor, event=AuditEventType.ABSENCE_NOTE_CHANGED, obj=absence,
           company_id=absence.company_id, before=before)
    return absence
