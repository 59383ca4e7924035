"""Invoice actions: drafts, issuing, numbering, payment, credit notes and bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.history.models import AuditEvent
from strongroom.records.invoices import actions, numbering
from strongroom.records.invoices.models import Invoice, InvoiceStatus
from tests.conftest import World
from tests.invoices.factories import draft, issued, line

pytestmark = pytest.mark.django_db


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_draft_totals_per_rate(world: World) -> None:
    invoice = draft(world.a, lines=[line(), line("Travel", "1", "450.50", "12")])
    assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (
        Decimal("2450.50"), Decimal("554.06"), Decimal("3004.56")
    )
    assert invoice.currency == "NOK"  # the company's
    assert invoice.status == InvoiceStatus.DRAFT
    assert invoice.number == ""


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "kroner"}, "currency"),
        ({"customer_name": "  "}, "customer_name"),
        ({"payment_terms_days": 400}, "payment_terms_days"),
        ({"customer_email": "not an address"}, "customer_email"),
        ({"lines": [line(unit_price="-5.00")]}, "lines.0.unit_price"),
        ({"lines": [line(), line(quantity="-1")]}, "lines.1.quantity"),
        ({"lines": [line(quantity="0")]}, "lines.0.quantity"),
        ({"lines": [line(unit_price="10.005")]}, "lines.0.unit_price"),  # NOK has 2 places
        ({"lines": [line(vat_rate="101")]}, "lines.0.vat_rate"),
        ({"lines": [line(vat_rate="-25")]}, "lines.0.vat_rate"),
        ({"lines": [line(description=" ")]}, "lines.0.description"),
        ({"lines": [line(unit_price="NaN")]}, "lines.0.unit_price"),
        ({"currency": "JPY", "lines": [line(unit_price="10.5")]}, "lines.0.unit_price"),
    ],
)
def test_bad_input_is_a_field_error(world: World, kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        draft(world.a, **kwargs)
    assert field in _errors(excinfo)
    assert not Invoice.objects.exists()


def test_issue_numbers_the_series_without_gaps(world: World) -> None:
    first, second = issued(world.a), issued(world.a)
    other_company = issued(world.b)
    year = timezone.localdate().year
    assert [first.number, second.number] == [f"{year}-00001", f"{year}-00002"]
    assert other_company.number == f"{year}-00001"  # each company has its own series
    assert first.issue_date == timezone.localdate()
    assert first.due_date == first.issue_date + dt.timedelta(days=14)
    assert first.fiscal_year_end == dt.date(year, 12, 31)
    assert first.issued_at is not None


def test_a_deleted_draft_leaves_no_gap(world: World) -> None:
    actions.delete_invoice(actor=world.a.actor(perms.ACCOUNTANT), invoice=draft(world.a))
    assert issued(world.a).sequence == 1


def test_fiscal_year_series_follow_the_company(world: World) -> None:
    company = world.a.company
    company.fiscal_year_end_month, company.fiscal_year_end_day = 6, 30
    assert numbering.fiscal_year_end(company, dt.date(2025, 6, 30)) == dt.date(2025, 6, 30)
    assert numbering.fiscal_year_end(company, dt.date(2025, 7, 1)) == dt.date(2026, 6, 30)
    company.fiscal_year_end_month, company.fiscal_year_end_day = 2, 29
    assert numbering.fiscal_year_end(company, dt.date(2025, 3, 1)) == dt.date(2026, 2, 28)
    assert numbering.fiscal_year_end(company, dt.date(2028, 2, 29)) == dt.date(2028, 2, 29)


def test_issue_needs_a_line(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        issued(world.a, lines=[])
    assert "lines" in _errors(excinfo)


def test_issued_invoice_cannot_change_through_actions(world: World) -> None:
    invoice = issued(world.a)
    actor = world.a.actor(perms.ACCOUNTANT)
    with pytest.raises(ValidationError) as excinfo:
        actions.update_invoice(actor=actor, invoice=invoice, customer_name="Someone else")
    assert "status" in _errors(excinfo)
    with pytest.raises(ValidationError):
        actions.update_invoice(actor=actor, invoice=invoice, lines=[line(unit_price="1.00")])
    with pytest.raises(ValidationError):
        actions.delete_invoice(actor=actor, invoice=invoice)
    with pytest.raises(ValidationError):
        actions.issue_invoice(actor=actor, invoice=invoice)
    invoice.refresh_from_db()
    assert invoice.customer_name == "Fjord Shipping AS"
    assert invoice.lines.count() == 1


def test_update_changes_lines_in_place_and_records_each(world: World) -> None:
    invoice = draft(world.a, lines=[line(), line("Travel", "1", "100.00")])
    actor = world.a.actor(perms.ACCOUNTANT)
    actions.update_invoice(actor=actor, invoice=invoice, lines=[line(quantity="3")])
    invoice.refresh_from_db()
    assert [x.quantity for x in invoice.lines.all()] == [Decimal(3)]
    assert invoice.gross_total == Decimal("3750.00")
    events = AuditEvent.objects.filter(object_type="invoices.invoiceline").order_by("sequence")
    assert [e.event_type for e in events] == [1410, 1410, 1411, 1412]
    changed = events[2]
    assert changed.changes["quantity"] == ["2.000", "3.000"]


def test_history_names_invoices_without_customer_details(world: World) -> None:
    invoice = issued(world.a, customer_name="Kari Nordmann")
    for event in AuditEvent.objects.filter(object_id=str(invoice.pk)):
        assert "Kari" not in event.object_repr
    assert AuditEvent.objects.filter(object_id=str(invoice.pk), event_type=1403).exists()


def test_mark_paid_checks_dates(world: World) -> None:
    invoice = issued(world.a)
    actor = world.a.actor(perms.ACCOUNTANT)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        actions.mark_invoice_paid(actor=actor, invoice=invoice, paid_on=today - dt.timedelta(1))
    assert "paid_on" in _errors(excinfo)
    with pytest.raises(ValidationError):
        actions.mark_invoice_paid(actor=actor, invoice=invoice, paid_on=today + dt.timedelta(1))
    paid = actions.mark_invoice_paid(actor=actor, invoice=invoice, paid_on=today)
    assert (paid.status, paid.paid_on) == (InvoiceStatus.PAID, today)
    with pytest.raises(ValidationError):
        actions.mark_invoice_paid(actor=actor, invoice=paid, paid_on=today)
    with pytest.raises(ValidationError):
        actions.mark_invoice_paid(actor=actor, invoice=draft(world.a), paid_on=today)


def test_credit_note_references_and_is_numbered_in_the_series(world: World) -> None:
    invoice = issued(world.a)
    actor = world.a.actor(perms.ACCOUNTANT)
    note = actions.create_credit_note(actor=actor, invoice=invoice)
    assert note.is_credit_note
    assert note.credited_invoice_id == invoice.pk
    assert note.gross_total == invoice.gross_total
    assert note.customer_name == invoice.customer_name
    note = actions.issue_invoice(actor=actor, invoice=note)
    assert note.sequence == invoice.sequence + 1
    with pytest.raises(ValidationError) as excinfo:  # nothing left to credit
        actions.create_credit_note(actor=actor, invoice=invoice, lines=[line(quantity="1")])
    assert "lines" in _errors(excinfo)
    with pytest.raises(ValidationError):
        actions.create_credit_note(actor=actor, invoice=note)  # a credit note is not credited


def test_partial_credits_cannot_exceed_the_invoice(world: World) -> None:
    invoice = issued(world.a)  # 2500.00
    actor = world.a.actor(perms.ACCOUNTANT)
    first = actions.create_credit_note(actor=actor, invoice=invoice, lines=[line(quantity="1")])
    second = actions.create_credit_note(actor=actor, invoice=invoice, lines=[line(quantity="1.5")])
    actions.issue_invoice(actor=actor, invoice=second)  # 1875.00 credited, 625.00 left
    with pytest.raises(ValidationError) as excinfo:
        actions.issue_invoice(actor=actor, invoice=first)  # 1250.00 > 625.00
    assert "at most NOK 625.00" in _errors(excinfo)["lines"][0]


def test_drafts_cannot_be_credited(world: World) -> None:
    with pytest.raises(ValidationError):
        actions.create_credit_note(actor=world.a.actor(perms.ACCOUNTANT), invoice=draft(world.a))


def test_permissions(world: World) -> None:
    invoice = draft(world.a)
    with pytest.raises(policy.NotFound):  # employees do not see invoices
        actions.issue_invoice(actor=world.a.actor(perms.EMPLOYEE), invoice=invoice)
    with pytest.raises(policy.Forbidden):
        actions.issue_invoice(actor=world.a.actor(perms.AUDITOR), invoice=invoice)
    with pytest.raises(policy.NotFound):  # another company's accountant
        actions.issue_invoice(actor=world.b.actor(perms.ACCOUNTANT), invoice=invoice)
    assert actions.issue_invoice(actor=world.a.actor(perms.OWNER), invoice=invoice).number
