"""Demo approval rules: team leads approve their teams, long absences and big expenses need a
second approval. Idempotent: rules already there (by name) are left alone."""

from __future__ import annotations

from decimal import Decimal

from strongroom.platform.access.actor import Actor
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.records.approvals import registry, selectors
from strongroom.records.approvals.actions.rules import create_rule

# name, kind, requester tag, above, step, approver tag, approver role
RULES: tuple[tuple[str, str, str, str, int, str, str], ...] = (
    ("Oslo absences", "absence", "team:oslo", "", 1, "lead:oslo", ""),
    ("Bergen absences", "absence", "team:bergen", "", 1, "lead:bergen", ""),
    ("Absences over 10 days", "absence", "", "10", 2, "", "admin"),
    ("Oslo expenses", "expense", "team:oslo", "", 1, "lead:oslo", ""),
    ("Bergen expenses", "expense", "team:bergen", "", 1, "lead:bergen", ""),
    ("Expenses above 10 000", "expense", "", "10000", 2, "", "accountant"),
)


def seed_demo(*, actor: Actor) -> int:
    """Create the demo rules of kinds that are registered; returns how many were added."""
    tags = {tag.name: tag for tag in tenancy_selectors.tags(actor)}
    existing = set(selectors.rules(actor).values_list("name", flat=True))
    added = 0
    for name, kind, requester, above, step, approver_tag, role in RULES:
        if name in existing or not registry.is_registered(kind):
            continue
        create_rule(
            actor=actor, name=name, kind=kind, step=step,
            requester_tag=tags.get(requester), approver_tag=tags.get(approver_tag),
            approver_role=role, amount_above=Decimal(above) if above else None,
        )
        added += 1
    return added
