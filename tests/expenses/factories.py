"""Expense claims for tests, made through the actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Actor
from strongroom.records.expenses import actions
from strongroom.records.expenses.models import ExpenseClaim
from tests.conftest import CompanyWorld
from tests.files.samples import PDF


def receipt(name: str = "receipt.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def line_fields(**overrides: object) -> dict[str, object]:
    """The fields of a new claim line as a form or the API takes them (with a receipt)."""
    fields: dict[str, object] = {
        "date": timezone.localdate().isoformat(), "category": "meals", "description": "Lunch",
        "amount": "120.00", "currency": "NOK", "vat_amount": "0", "receipt": receipt(),
    }
    fields.update(overrides)
    return fields


def employee(company: CompanyWorld) -> Actor:
    return company.actor(perms.EMPLOYEE)


def draft_claim(company: CompanyWorld, *, lines: int = 1, **fields: Any) -> ExpenseClaim:
    """The employee's draft claim with ``lines`` taxi receipts of NOK 250.00 (VAT 30.00)."""
    actor = employee(company)
    fields.setdefault("title", "Customer visit")
    claim = actions.create_claim(actor=actor, **fields)
    for _ in range(lines):
        actions.add_expense_line(
            actor=actor, claim=claim, date=timezone.localdate(), category="transport",
            description="Taxi to the customer", amount=Decimal("250.00"),
            vat_amount=Decimal("30.00"), receipt=receipt(),
        )
    claim.refresh_from_db()
    return claim


def submitted_claim(company: CompanyWorld) -> ExpenseClaim:
    claim = draft_claim(company)
    return actions.submit_claim(actor=employee(company), claim=claim)


def approved_claim(company: CompanyWorld) -> ExpenseClaim:
    """Submitted, and approved by the owner (the fallback approver without rules)."""
    from strongroom.records.approvals.actions import engine
    from strongroom.records.approvals.models import ApprovalStep

    claim = submitted_claim(company)
    step = ApprovalStep.objects.get(request__record_id=str(claim.pk), position=1)
    engine.decide(actor=company.actor(perms.OWNER), step=step, approve=True)
    claim.refresh_from_db()
    return claim
