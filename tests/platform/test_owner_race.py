"""Two owners demoting each other at the same moment: the company keeps an owner.

On PostgreSQL the company row lock in the member actions is what serializes the two; on SQLite
IMMEDIATE transactions already do. Without the lock this test fails on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import member_actor
from strongroom.platform.tenancy import actions
from strongroom.platform.tenancy.actions import members as member_actions
from strongroom.platform.tenancy.models import Membership
from tests.factories import CompanyFactory, MembershipFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_owner_demotions_leave_one_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    company = CompanyFactory(slug="race")
    first = MembershipFactory(company=company, role=perms.OWNER)
    second = MembershipFactory(company=company, role=perms.OWNER)
    # Hold each thread after its "another owner remains" check, so that without the company
    # lock both checks would pass before either demotion is written.
    both_checked = threading.Barrier(2, timeout=1.5)
    original = member_actions._require_another_owner

    def check_then_wait(membership: Membership) -> None:
        original(membership)
        # A broken barrier means the other thread is waiting for the lock this one holds.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()

    monkeypatch.setattr(member_actions, "_require_another_owner", check_then_wait)
    outcomes: dict[str, Any] = {}

    def demote(name: str, actor_membership: Membership, target: Membership) -> None:
        try:
            actions.change_member_role(
                actor=member_actor(actor_membership), membership=target, role=perms.ADMIN
            )
            outcomes[name] = "demoted"
        except ValidationError as exc:
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=demote, args=("a", first, second)),
        threading.Thread(target=demote, args=("b", second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(str(type(o).__name__) for o in outcomes.values()) == ["ValidationError", "str"]
    owners = Membership.objects.filter(company=company, role=perms.OWNER, is_active=True)
    assert owners.count() == 1
