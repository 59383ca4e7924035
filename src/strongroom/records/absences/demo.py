"""Demo absences: a year and a half of vacations, sick days and leave for every demo person,
requested through the actions and decided by the approvers the demo rules name.

Idempotent: a member who already has absences gets no more. Deterministic: the same random
seed gives the same absences relative to today.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access.actor import Actor, Channel, member_actor
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.platform.tenancy.models import Membership
from strongroom.records.absences import selectors
from strongroom.records.absences.actions import requests, types
from strongroom.records.absences.models import AbsenceStatus, AbsenceType
from strongroom.records.approvals import selectors as approval_selectors
from strongroom.records.approvals.actions.engine import decide

NOTES = ("", "", "", "Family visit", "Cabin trip", "Doctor's note handed in", "Moving house")


def _as(member: Membership) -> Actor:
    return replace(member_actor(member, channel=Channel.CLI), credential="demo")


def _plan(rng: random.Random, start: dt.date, end: dt.date) -> list[tuple[str, dt.date, int]]:
    """(category, first day, length in days) for one person, spread over the period."""
    plan: list[tuple[str, dt.date, int]] = []
    day = start + dt.timedelta(days=rng.randrange(14))
    while day < end:
        category = rng.choices(["vacation", "sick", "other", "unpaid", "parental"],
                               weights=[45, 35, 12, 5, 3])[0]
        length = {"vacation": rng.choice([1, 3, 5, 7, 12]), "sick": rng.choice([1, 1, 2, 3]),
                  "other": 1, "unpaid": rng.choice([1, 5]), "parental": 12}[category]
        plan.append((category, day, length))
        day += dt.timedelta(days=length + rng.randrange(14, 40))
    return plan


def _decide(member: Membership, absence_id: str, approve: bool, rng: random.Random) -> None:
    """Decide each open step of the absence's approval as one of its approvers."""
    for _ in range(3):
        owner_actor = _as(member)
        found = approval_selectors.for_records(owner_actor, "absence", [absence_id])
        approval = found.get(absence_id)
        if approval is None:
            return
        step = approval_selectors.open_step(approval)
        if step is None:
            return
        earlier = {s.decided_by_id for s in approval.steps.all() if s.decided_by_id}
        eligible = [m for m in step.approvers.all() if m.pk not in earlier]
        if not eligible:
            return
        approver = rng.choice(eligible)
        decide(actor=_as(approver), step=step, approve=approve,
               comment="" if approve else "We are short-staffed that week, sorry.")


def seed_demo(*, actor: Actor) -> int:
    """Create the standard types and the demo absences; returns how many absences were added."""
    if not selectors.absence_types(actor).exists():
        types.add_standard_absence_types(actor=actor)
    by_category: dict[str, AbsenceType] = {}
    for absence_type in selectors.absence_types(actor):
        by_category.setdefault(absence_type.category, absence_type)
    today = timezone.localdate()
    start, end = dt.date(today.year - 1, 1, 1), today + dt.timedelta(days=90)
    people = [m for m in tenancy_selectors.members(actor) if m.role not in ("auditor", "owner")]
    taken = set(selectors.absences(actor).values_list("member_id", flat=True).distinct())
    added = 0
    for member in people:
        if member.pk in taken:
            continue
        rng = random.Random(f"demo-absences-{member.user.email}")  # noqa: S311 - demo data
        for category, first, length in _plan(rng, start, end):
            last = first + dt.timedelta(days=length - 1)
            try:
                absence = requests.request_absence(
                    actor=_as(member), absence_type=by_category[category], start_date=first,
                    end_date=last, start_half=length == 1 and rng.random() < 0.2,
                    note=rng.choice(NOTES),
                )
            except ValidationError:
                continue  # over the balance or on a weekend only: skip, as a person would
            added += 1
            if absence.status == AbsenceStatus.PENDING and (last < today or rng.random() < 0.6):
                _decide(member, str(absence.pk), approve=rng.random() < 0.9, rng=rng)
    return added
