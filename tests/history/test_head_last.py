"""An action locks its chain's head last: the entries it records are chained just before its
transaction commits, so writers in one company take turns only for the chaining."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

from strongroom.identity import account_actions
from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.platform.history import recorder
from strongroom.platform.history.events import AuditEventType as T
from strongroom.platform.history.models import AuditEvent, ChainHead
from tests.conftest import World

HEADS, EVENTS = ChainHead._meta.db_table, AuditEvent._meta.db_table


def _statements(run: Callable[[], Any]) -> list[str]:
    seen: list[str] = []

    def note(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        run()
    return seen


def test_the_head_is_locked_after_every_other_statement_of_the_action(
    world: World, platform_actor: Actor,
) -> None:
    user = world.a.user(perms.EMPLOYEE)
    seen = _statements(
        lambda: account_actions.deactivate_account(actor=platform_actor, user=user)
    )
    first_head = next(i for i, sql in enumerate(seen) if HEADS in sql)
    after = [sql for sql in seen[first_head:] if "SAVEPOINT" not in sql.upper()]
    # the head read (locked; created first for a new chain), the entry's insert, the head's
    # update: nothing else of the action runs while the head is held
    assert all(HEADS in sql or EVENTS in sql for sql in after), after
    assert EVENTS in after[-2]
    assert after[-2].lstrip().upper().startswith("INSERT")
    assert HEADS in after[-1]
    assert after[-1].lstrip().upper().startswith("UPDATE")
    # the action's own statements (the account, its security event) came before
    assert len(seen[:first_head]) >= 3
    event = AuditEvent.objects.get(event_type=int(T.USER_DEACTIVATED), object_id=str(user.pk))
    head = ChainHead.objects.get(chain_key=event.chain_key)
    assert (head.sequence, head.head_hash) == (event.sequence, event.entry_hash)


def test_an_entry_recorded_in_a_nested_block_is_chained_at_once(world: World) -> None:
    actor = world.a.actor(perms.ADMIN)
    company = world.a.company
    with transaction.atomic(), transaction.atomic():
        event = recorder.record(actor=actor, event=T.COMPANY_UPDATED, obj=company,
                                company_id=company.pk, changes={"name": ("a", "b")})
        assert event.pk is not None
        assert event.sequence is not None
