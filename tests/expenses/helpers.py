"""Small builders shared by the expense action tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.history.models import AuditEvent
from strongroom.records.expenses import actions
from strongroom.records.expenses.models import ExpenseClaim, ExpenseLine
from tests.expenses.factories import receipt


def line(actor: Actor, claim: ExpenseClaim, **fields: Any) -> ExpenseLine:
    """An expense line of NOK 100.00 with a receipt, changed by ``fields``."""
    values: dict[str, Any] = {
        "date": timezone.localdate(), "category": "meals", "description": "Lunch",
        "amount": Decimal("100.00"), "receipt": receipt(),
    }
    values.update(fields)
    return actions.add_expense_line(actor=actor, claim=claim, **values)


def draft_changes(actor: Actor, claim: ExpenseClaim) -> list[Callable[[], object]]:
    """Every way ``actor`` could change or submit a draft claim: edit it, add or remove a line,
    submit it, delete it."""
    return [
        lambda: actions.update_claim(actor=actor, claim=claim, title="Mine now"),
        lambda: line(actor, claim),
        lambda: actions.remove_expense_line(actor=actor, line=claim.lines.get()),
        lambda: actions.submit_claim(actor=actor, claim=claim),
        lambda: actions.delete_claim(actor=actor, claim=claim),
    ]


def trip(actor: Actor, claim: ExpenseClaim, km: str) -> ExpenseLine:
    return actions.add_mileage_line(actor=actor, claim=claim, date=timezone.localdate(),
                                    description="Oslo-Drammen", distance_km=Decimal(km))


def events(obj: Any) -> list[int]:
    """The audit event types recorded for ``obj``, in order."""
    return list(AuditEvent.objects.filter(object_id=str(obj.pk)).order_by("sequence")
                .values_list("event_type", flat=True))


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)
