"""Two overlapping requests of one member at the same moment: exactly one is accepted.

On PostgreSQL the member row lock in request_absence serializes them; on SQLite IMMEDIATE
transactions already do. Without the lock this test fails on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import member_actor
from strongroom.records.absences.actions import requests
from strongroom.records.absences.models import Absence, AbsenceType
from tests.factories import CompanyFactory, MembershipFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_requests_accept_one(monkeypatch: pytest.MonkeyPatch) -> None:
    company = CompanyFactory(slug="race")
    MembershipFactory(company=company, role=perms.OWNER)
    member = MembershipFactory(company=company, role=perms.EMPLOYEE)
    other = AbsenceType.objects.create(company=company, name="Other", category="other",
                                       needs_approval=False)
    both_checked = threading.Barrier(2, timeout=1.5)
    original = requests._check_overlap

    def check_then_wait(absence: Absence) -> None:
        original(absence)
        # A broken barrier means the other thread waits for the lock this one holds.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()

    monkeypatch.setattr(requests, "_check_overlap", check_then_wait)
    outcomes: dict[str, Any] = {}

    def ask(name: str, first: dt.date, last: dt.date) -> None:
        try:
            requests.request_absence(actor=member_actor(member), absence_type=other,
                                     start_date=first, end_date=last)
            outcomes[name] = "accepted"
        except ValidationError as exc:
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=ask, args=("a", dt.date(2031, 3, 3), dt.date(2031, 3, 5))),
        threading.Thread(target=ask, args=("b", dt.date(2031, 3, 5), dt.date(2031, 3, 7))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(type(o).__name__ for o in outcomes.values()) == ["ValidationError", "str"]
    assert Absence.objects.filter(member=member).count() == 1
