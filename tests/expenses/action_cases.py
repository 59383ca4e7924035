"""Calls of the expense actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.records.expenses import actions
from tests.conftest import World
from tests.expenses.factories import approved_claim, draft_claim, employee, receipt

Build = Callable[[World, Actor], dict[str, Any]]

CASES: dict[Callable[..., Any], Build] = {
    actions.create_claim: lambda w, p: {
        "actor": employee(w.a), "title": "Trip to Bergen", "bank_account": "1234.56.78903",
    },
    actions.update_claim: lambda w, p: {
        "actor": employee(w.a), "claim": draft_claim(w.a), "title": "Trip to Trondheim",
    },
    actions.delete_claim: lambda w, p: {"actor": employee(w.a), "claim": draft_claim(w.a)},
    actions.add_expense_line: lambda w, p: {
        "actor": employee(w.a), "claim": draft_claim(w.a, lines=0),
        "date": timezone.localdate(), "category": "meals", "description": "Lunch",
        "amount": Decimal("40.00"), "currency": "EUR", "exchange_rate": Decimal("11.5"),
        "receipt": receipt(),
    },
    actions.add_mileage_line: lambda w, p: {
        "actor": employee(w.a), "claim": draft_claim(w.a, lines=0),
        "date": timezone.localdate(), "description": "Oslo-Drammen", "distance_km": Decimal(42),
    },
    actions.remove_expense_line: lambda w, p: {
        "actor": employee(w.a), "line": draft_claim(w.a).lines.get(),
    },
    actions.submit_claim: lambda w, p: {"actor": employee(w.a), "claim": draft_claim(w.a)},
    actions.mark_claim_reimbursed: lambda w, p: {
        "actor": w.a.actor(perms.ACCOUNTANT), "claim": approved_claim(w.a),
        "reimbursed_on": timezone.localdate(),
    },
    actions.set_mileage_rate: lambda w, p: {
        "actor": w.a.actor(perms.ACCOUNTANT), "rate": Decimal("4.20"),
    },
}
