"""Overdue invoices: a status derived from the due date, never stored, in lists, filters, the API
and the outstanding totals per currency with their ages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from strongroom.platform.access import permissions as perms
from strongroom.records.invoices import actions, selectors
from strongroom.records.invoices.models import Invoice, InvoiceStatus
from strongroom.web.templatetags.money import money
from tests.auth import sign_in
from tests.conftest import CompanyWorld, World
from tests.invoices.factories import draft, line

pytestmark = pytest.mark.django_db
API = "/api/v1/companies/acme/invoices"


def _issued(company: CompanyWorld, days_ago: int, **fields: object) -> Invoice:
    """Issued ``days_ago`` days ago with 14 days to pay (2,500.00 gross unless lines say)."""
    invoice = draft(company, payment_terms_days=14, **fields)
    on = timezone.localdate() - dt.timedelta(days=days_ago)
    return actions.issue_invoice(
        actor=company.actor(perms.ACCOUNTANT), invoice=invoice, issue_date=on
    )


def _credit(company: CompanyWorld, invoice: Invoice, unit_price: str | None = None) -> None:
    actor = company.actor(perms.ACCOUNTANT)
    lines = None if unit_price is None else [line(quantity="1", unit_price=unit_price)]
    note = actions.create_credit_note(actor=actor, invoice=invoice, lines=lines)
    actions.issue_invoice(actor=actor, invoice=note)


@pytest.fixture
def ledger(world: World) -> dict[str, Invoice]:
    """Acme's invoices, oldest issued first (issue dates keep the series' order)."""
    a = world.a
    invoices = {
        "eur_very_late": _issued(a, 120, currency="EUR"),  # 106 days overdue
        "paid": _issued(a, 70),
        "credited": _issued(a, 60),
        "part_credited": _issued(a, 50),  # 36 days overdue, 1,000.00 credited (1,250.00 gross)
        "late": _issued(a, 20),  # 6 days overdue
        "due_today": _issued(a, 14),
        "current": _issued(a, 0),
    }
    actions.mark_invoice_paid(
        actor=a.actor(perms.ACCOUNTANT), invoice=invoices["paid"],
        paid_on=timezone.localdate(),
    )
    _credit(a, invoices["credited"])
    _credit(a, invoices["part_credited"], unit_price="1000.00")
    draft(a)
    _issued(world.b, 200)  # another company's: never counted
    return invoices


def test_overdue_is_derived_from_the_due_date_and_what_is_left_to_pay(
    world: World, ledger: dict[str, Invoice]
) -> None:
    actor = world.a.actor(perms.ACCOUNTANT)
    overdue = {invoice.pk for invoice in selectors.invoices(actor, status=selectors.OVERDUE)}
    assert overdue == {ledger[name].pk for name in ("eur_very_late", "part_credited", "late")}
    assert Invoice.objects.get(pk=ledger["late"].pk).status == InvoiceStatus.ISSUED  # not stored


def test_outstanding_totals_per_currency_with_their_ages(
    world: World, ledger: dict[str, Invoice]
) -> None:
    eur, nok = selectors.outstanding(world.a.actor(perms.ACCOUNTANT))
    assert (eur.currency, eur.invoices, eur.outstanding) == ("EUR", 1, Decimal("2500.00"))
    assert (eur.overdue_invoices, eur.overdue) == (1, Decimal("2500.00"))
    assert eur.aged == (Decimal("0.00"),) * 3 + (Decimal("2500.00"),)
    # part_credited (1,250.00 left), late, due_today and current (2,500.00 each)
    assert (nok.currency, nok.invoices, nok.outstanding) == ("NOK", 4, Decimal("8750.00"))
    assert (nok.overdue_invoices, nok.overdue) == (2, Decimal("3750.00"))
    assert nok.aged == (Decimal("2500.00"), Decimal("1250.00"), Decimal("0.00"), Decimal("0.00"))
    assert selectors.outstanding(world.a.actor(perms.EMPLOYEE)) == []  # no invoice.view


def test_the_api_shows_overdue_filters_it_and_totals_it(
    world: World, ledger: dict[str, Invoice]
) -> None:
    client = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    late = client.get(f"{API}/{ledger['late'].pk}").json()
    assert (late["status"], late["overdue"], late["days_overdue"]) == ("issued", True, 6)
    current = client.get(f"{API}/{ledger['current'].pk}").json()
    assert (current["overdue"], current["days_overdue"]) == (False, None)
    listed = client.get(API, {"status": "overdue", "sort": "due_date"}).json()
    assert [item["id"] for item in listed["items"]] == [
        str(ledger[name].pk) for name in ("eur_very_late", "part_credited", "late")
    ]
    totals = client.get(f"{API}/outstanding").json()
    assert [(t["currency"], t["outstanding"], t["overdue"]) for t in totals] == [
        ("EUR", "2500.00", "2500.00"), ("NOK", "8750.00", "3750.00"),
    ]
    assert (totals[1]["overdue_1_30"], totals[1]["overdue_31_60"]) == ("2500.00", "1250.00")
    employee = sign_in(Client(), world.a.user(perms.EMPLOYEE))
    assert employee.get(f"{API}/outstanding").status_code == 404


def test_the_list_page_marks_overdue_invoices_and_sums_what_is_owed(
    world: World, ledger: dict[str, Invoice]
) -> None:
    client = sign_in(Client(), world.a.user(perms.ACCOUNTANT))
    page = client.get("/c/acme/invoices/").content.decode()
    owed, late = money(Decimal("8750.00"), "NOK"), money(Decimal("3750.00"), "NOK")
    assert f"NOK {owed}</span>\n          outstanding on 4 invoices" in page
    assert f"NOK {late} overdue</a>\n          on 2 of them" in page
    assert page.count('<span class="status status--overdue">Overdue</span>') == 3
    filtered = client.get("/c/acme/invoices/", {"status": "overdue"}).content.decode()
    assert filtered.count('<span class="status status--overdue">Overdue</span>') == 3
    assert "3 invoices and credit notes" in filtered
