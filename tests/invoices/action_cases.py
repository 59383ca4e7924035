"""Calls of the invoice actions for tests/test_every_action_records_history.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.records.invoices import actions
from tests.conftest import World
from tests.invoices.factories import draft, issued, line

Build = Callable[[World, Actor], dict[str, Any]]


def _accountant(world: World) -> Actor:
    return world.a.actor(perms.ACCOUNTANT)


CASES: dict[Callable[..., Any], Build] = {
    actions.set_invoice_settings: lambda w, p: {
        "actor": w.a.actor(perms.ADMIN), "legal_name": "Acme AS", "iban": "NO9386011117947",
        "bic": "DNBANOKK", "payment_terms_days": 30,
    },
    actions.create_invoice: lambda w, p: {
        "actor": _accountant(w), "customer_name": "Nordic Tools AB", "currency": "SEK",
        "lines": [line(), line("Travel", "1", "450.50", "12")],
    },
    actions.update_invoice: lambda w, p: {
        "actor": _accountant(w), "invoice": draft(w.a), "customer_reference": "PO 77",
        "lines": [line("Consulting", "3", "1000.00")],
    },
    actions.delete_invoice: lambda w, p: {"actor": _accountant(w), "invoice": draft(w.a)},
    actions.issue_invoice: lambda w, p: {"actor": _accountant(w), "invoice": draft(w.a)},
    actions.mark_invoice_paid: lambda w, p: {
        "actor": _accountant(w), "invoice": issued(w.a), "paid_on": timezone.localdate(),
    },
    actions.create_credit_note: lambda w, p: {
        "actor": _accountant(w), "invoice": issued(w.a), "notes": "Wrong hours",
    },
}
