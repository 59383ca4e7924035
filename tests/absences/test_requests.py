"""Absence requests: approval through the engine, overlaps, balances, withdraw and cancel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.policy import Forbidden, NotFound
from strongroom.records.absences import selectors
from strongroom.records.absences.actions import requests, types
from strongroom.records.absences.models import Absence, AbsenceStatus
from strongroom.records.approvals.actions.engine import decide
from strongroom.records.approvals.models import ApprovalRequest, ApprovalStep
from tests.absences.helpers import day, no_approval_type, standard_types
from tests.approvals.helpers import approver_roles, give_tags, rule
from tests.conftest import World

EMPLOYEE, MANAGER, OWNER = perms.EMPLOYEE, perms.MANAGER, perms.OWNER


def _ask(world: World, role: str = EMPLOYEE, **kwargs: Any) -> Absence:
    values: dict[str, Any] = {
        "absence_type": standard_types(world.a)["vacation"], "start_date": day(0),
        "end_date": day(4),
    }
    values.update(kwargs)
    return requests.request_absence(actor=world.a.actor(role), **values)


def _step(absence: Absence) -> ApprovalStep:
    approval = ApprovalRequest.objects.get(record_id=str(absence.pk), status="pending")
    return ApprovalStep.objects.get(request=approval, status="pending")


def test_tag_rule_routes_absences_to_the_team_lead(world: World) -> None:
    give_tags(world.a.members[EMPLOYEE], "team:oslo")
    give_tags(world.a.members[MANAGER], "lead:oslo")
    rule(world.a, "absence", requester_tag="team:oslo", approver_tag="lead:oslo")
    absence = _ask(world, note="Summer in Lofoten")
    assert (absence.status, absence.days) == (AbsenceStatus.PENDING, Decimal(5))
    approval = ApprovalRequest.objects.get(record_id=str(absence.pk))
    assert approver_roles(approval) == [[MANAGER]]
    assert approval.amount == Decimal(5)
    decide(actor=world.a.actor(MANAGER), step=_step(absence), approve=True)
    absence.refresh_from_db()
    assert absence.status == AbsenceStatus.APPROVED


def test_rejection_reaches_the_absence(world: World) -> None:
    absence = _ask(world)
    decide(actor=world.a.actor(OWNER), step=_step(absence), approve=False, comment="Busy week")
    absence.refresh_from_db()
    assert absence.status == AbsenceStatus.REJECTED


def test_days_threshold_adds_a_second_step(world: World) -> None:
    rule(world.a, "absence", step=2, amount_above="10", approver_role=perms.ADMIN)
    short = _ask(world)
    long = _ask(world, start_date=day(7), end_date=day(21))  # 11 working days
    assert approver_roles(ApprovalRequest.objects.get(record_id=str(short.pk))) == [[OWNER]]
    assert approver_roles(ApprovalRequest.objects.get(record_id=str(long.pk))) == [
        [perms.ADMIN]
    ]


def test_types_without_approval_are_approved_at_once(world: World) -> None:
    absence = _ask(world, absence_type=no_approval_type(world.a))
    assert absence.status == AbsenceStatus.APPROVED
    assert not ApprovalRequest.objects.filter(record_id=str(absence.pk)).exists()


def test_overlaps_are_a_clear_error(world: World) -> None:
    _ask(world)
    with pytest.raises(ValidationError) as caught:
        _ask(world, start_date=day(4), end_date=day(8))
    message = caught.value.message_dict["start_date"][0]
    assert "Overlaps vacation from 2031-03-03 to 2031-03-07" in message
    other = _ask(world, role=MANAGER)  # someone else's days do not overlap
    assert other.pk


def test_half_days_meet_without_overlap(world: World) -> None:
    _ask(world, start_date=day(0), end_date=day(0), end_half=True)
    afternoon = _ask(world, start_date=day(0), end_date=day(0), start_half=True,
                     absence_type=standard_types(world.a)["other"])
    assert afternoon.days == Decimal("0.5")


def test_withdrawn_and_rejected_absences_free_their_days(world: World) -> None:
    first = _ask(world)
    requests.cancel_absence(actor=world.a.actor(EMPLOYEE), absence=first)
    first.refresh_from_db()
    assert first.status == AbsenceStatus.WITHDRAWN
    assert ApprovalRequest.objects.get(record_id=str(first.pk)).status == "withdrawn"
    again = _ask(world)
    assert again.status == AbsenceStatus.PENDING


def test_balance_counts_used_and_pending_and_refuses_too_many(world: World) -> None:
    vacation = standard_types(world.a)["vacation"]
    member = world.a.members[EMPLOYEE]
    types.set_entitlement(actor=world.a.actor(perms.ADMIN), member=member,
                          absence_type=vacation, year=2031, days=Decimal("12"))
    approved = _ask(world)
    decide(actor=world.a.actor(OWNER), step=_step(approved), approve=True)
    _ask(world, start_date=day(7), end_date=day(9))  # 3 days pending
    (balance,) = [b for b in selectors.balances(world.a.actor(EMPLOYEE), member, 2031)
                  if b.absence_type == vacation]
    assert (balance.entitlement, balance.used, balance.pending, balance.remaining) == (
        Decimal(12), Decimal(5), Decimal(3), Decimal(4)
    )
    with pytest.raises(ValidationError) as caught:
        _ask(world, start_date=day(14), end_date=day(18))
    assert "Only 4" in caught.value.message_dict["end_date"][0]
    _ask(world, start_date=day(14), end_date=day(17))  # exactly the 4 left


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start_date": day(4), "end_date": day(0)}, "end_date"),
        ({"start_date": day(5), "end_date": day(6)}, "start_date"),  # a weekend only
        ({"end_date": day(400)}, "end_date"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_input_is_a_field_error(world: World, kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _ask(world, **kwargs)
    assert field in caught.value.message_dict
    assert not Absence.objects.exists()


def test_members_see_only_their_own(world: World) -> None:
    mine = _ask(world)
    with pytest.raises(NotFound):
        selectors.absence(world.a.actor(perms.ACCOUNTANT), mine.pk)
    assert selectors.absence(world.a.actor(MANAGER), mine.pk) == mine  # view_all
    with pytest.raises(NotFound):
        selectors.absence(world.b.actor(OWNER), mine.pk)
    with pytest.raises(Forbidden):
        requests.cancel_absence(actor=world.a.actor(MANAGER), absence=mine)
    with pytest.raises(Forbidden):
        _ask(world, role=perms.AUDITOR)


def test_admins_register_absences_for_others(world: World) -> None:
    member = world.a.members[EMPLOYEE]
    absence = _ask(world, role=perms.ADMIN, member=member,
                   absence_type=standard_types(world.a)["sick"], note="Doctor's note received")
    assert absence.member == member
    # Neither the member nor the admin who registered it approves it.
    assert approver_roles(ApprovalRequest.objects.get(record_id=str(absence.pk))) == [[OWNER]]
    with pytest.raises(Forbidden):
        _ask(world, role=MANAGER, member=member)


def test_cancel_an_approved_absence(world: World) -> None:
    absence = _ask(world, absence_type=no_approval_type(world.a))
    requests.cancel_absence(actor=world.a.actor(EMPLOYEE), absence=absence)
    absence.refresh_from_db()
    assert absence.status == AbsenceStatus.CANCELLED
    with pytest.raises(ValidationError):
        requests.cancel_absence(actor=world.a.actor(EMPLOYEE), absence=absence)


def test_past_absences_are_cancelled_only_by_admins(world: World) -> None:
    past = dt.date(2020, 3, 2)
    absence = _ask(world, absence_type=no_approval_type(world.a), start_date=past,
                   end_date=past)
    with pytest.raises(ValidationError, match="over"):
        requests.cancel_absence(actor=world.a.actor(EMPLOYEE), absence=absence)
    requests.cancel_absence(actor=world.a.actor(perms.ADMIN), absence=absence)
