"""Reads of absences, scoped to the actor: their own, or everyone's with absence.view_all."""

from __future__ import annotations

import calendar as cal
import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.tenancy.models import Membership
from strongroom.records.absences import balances as balance_rules
from strongroom.records.absences.models import (
    Absence,
    AbsenceStatus,
    AbsenceType,
)
from strongroom.records.absences.permissions import ABSENCE_VIEW, ABSENCE_VIEW_ALL

SORTS = {
    "start": ("start_date", "created_at"), "-start": ("-start_date", "-created_at"),
    "days": ("days", "start_date"), "-days": ("-days", "-start_date"),
    "status": ("status", "-start_date"), "created": ("created_at",), "-created": ("-created_at",),
}


def sees_everyone(actor: Actor) -> bool:
    return policy.allows(actor, ABSENCE_VIEW_ALL)


def absence_types(actor: Actor, *, active_only: bool = False) -> QuerySet[AbsenceType]:
    """The company's absence types, by name."""
    queryset = policy.restrict(actor, AbsenceType.objects.order_by("name"), ABSENCE_VIEW)
    return queryset.filter(is_active=True) if active_only else queryset


def absence_type(actor: Actor, type_id: uuid.UUID | str) -> AbsenceType:
    """One absence type of the actor's company, or NotFound."""
    return policy.get_for_actor(actor, AbsenceType.objects.all(), ABSENCE_VIEW, pk=type_id)


def absences(
    actor: Actor,
    *,
    member_id: int | None = None,
    status: str = "",
    type_id: uuid.UUID | None = None,
    year: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    sort: str = "-start",
) -> QuerySet[Absence]:
    """Absences the actor may see, filtered and sorted (``sort`` is a key of SORTS)."""
    queryset = policy.restrict(
        actor, Absence.objects.select_related("absence_type", "member__user"), ABSENCE_VIEW
    )
    if not sees_everyone(actor):
        membership = actor.membership
        own = membership.pk if membership is not None and membership.pk else None
        queryset = queryset.filter(member_id=own) if own else queryset.none()
    if member_id is not None:
        queryset = queryset.filter(member_id=member_id)
    if status:
        queryset = queryset.filter(status=status)
    if type_id:
        queryset = queryset.filter(absence_type_id=type_id)
    if year is not None:
        since, until = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if since is not None:
        queryset = queryset.filter(end_date__gte=since)
    if until is not None:
        queryset = queryset.filter(start_date__lte=until)
    return queryset.order_by(*SORTS.get(sort, SORTS["-start"]), "id")


def absence(actor: Actor, absence_id: uuid.UUID | str) -> Absence:
    """One absence the actor may see, or NotFound (another's, without view_all, is missing)."""
    return policy.get_for_actor(actor, absences(actor), ABSENCE_VIEW, pk=absence_id)


def member_for_balance(actor: Actor, member_id: int | None) -> Membership:
    """Whose balance: one's own, or (with absence.view_all) any member's."""
    own = actor.membership
    if member_id is None or (own is not None and own.pk == member_id):
        policy.require(actor, ABSENCE_VIEW, actor.company)
        if own is None or own.pk is None:
            raise policy.NotFound()
        return own
    return policy.get_for_actor(
        actor, Membership.objects.select_related("user"), ABSENCE_VIEW_ALL, pk=member_id
    )


def balances(actor: Actor, member: Membership, year: int) -> list[balance_rules.Balance]:
    """The member's balances for ``year``, one per type (the member from member_for_balance)."""
    return balance_rules.balances(member, year, list(absence_types(actor)))


@dataclass(frozen=True)
class CalendarEntry:
    """One absence on the calendar; ``label`` is "Away" for others' absences one may not see."""

    member: Membership
    start_date: dt.date
    end_date: dt.date
    label: str
    status: str
    absence: Absence | None
    category: str = "away"  # the type's category, for its colour; "away" when not shown


def calendar(actor: Actor, year: int, month: int) -> list[CalendarEntry]:
    """Pending and approved absences in the month: the actor's and (with view_all) everyone's
    with their type; colleagues' approved absences as "Away" otherwise; none for an actor who
    may not see absences."""
    if not policy.allows(actor, ABSENCE_VIEW):
        return []
    first = dt.date(year, month, 1)
    last = dt.date(year, month, cal.monthrange(year, month)[1])
    window = Q(start_date__lte=last, end_date__gte=first)
    shown = Q(status__in=[AbsenceStatus.PENDING, AbsenceStatus.APPROVED])
    detailed = {a.pk: a for a in absences(actor).filter(window & shown)}
    entries = [
        CalendarEntry(
            a.member, a.start_date, a.end_date, a.absence_type.name, a.status, a,
            a.absence_type.category,
        )
        for a in detailed.values()
    ]
    if not sees_everyone(actor):
        others = policy.restrict(
            actor, Absence.objects.select_related("member__user"), ABSENCE_VIEW
        ).filter(window, status=AbsenceStatus.APPROVED).exclude(pk__in=list(detailed))
        entries += [
            CalendarEntry(a.member, a.start_date, a.end_date, "Away", a.status, None)
            for a in others
        ]
    return sorted(entries, key=lambda e: (e.member.user.display_name, e.start_date))
