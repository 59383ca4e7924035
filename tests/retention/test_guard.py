"""Deleting and erasing what the law keeps is refused until its period ends (P-D3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from strongroom.platform.access import permissions as perms
from strongroom.platform.retention import guard, rules
from strongroom.records.contacts import actions as contacts
from strongroom.records.contacts.models import Organisation
from strongroom.records.invoices import actions as invoices
from strongroom.records.invoices.models import Invoice
from tests.clock import set_clock
from tests.conftest import World
from tests.contacts.factories import make_organisation
from tests.expenses.factories import approved_claim
from tests.invoices.factories import issued

pytestmark = pytest.mark.django_db


def _moment(day: dt.date) -> float:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()


def test_an_issued_invoice_cannot_be_deleted_before_its_time(world: World) -> None:
    invoice = issued(world.a)
    assert invoice.fiscal_year_end is not None
    until = dt.date(invoice.fiscal_year_end.year + 5, 12, 31)
    with pytest.raises(ValidationError) as refused:
        invoices.delete_invoice(actor=world.a.actor(perms.ACCOUNTANT), invoice=invoice)
    assert refused.value.messages == [
        f"This invoice must be kept until 31 Dec {until.year} (Norwegian bookkeeping act: "
        "primary records, 5 years after the financial year)."
    ]
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_the_period_ends_on_its_last_day(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    invoice = issued(world.a)
    kept = rules.retained_until(invoice)
    assert kept is not None
    set_clock(monkeypatch, _moment(kept[0]))
    with pytest.raises(guard.Retained):
        guard.ensure_deletable(invoice)
    set_clock(monkeypatch, _moment(kept[0] + dt.timedelta(days=1)))
    guard.ensure_deletable(invoice)  # the law no longer keeps it


@pytest.mark.parametrize(("country", "years"), [("SE", 7), ("US", 10)])
def test_swedish_and_default_periods_refuse_and_then_let_through(
    world: World, monkeypatch: pytest.MonkeyPatch, country: str, years: int
) -> None:
    world.a.company.country = country
    world.a.company.save(update_fields=["country"])
    invoice = issued(world.a)
    assert invoice.fiscal_year_end is not None
    last = dt.date(invoice.fiscal_year_end.year + years, 12, 31)
    set_clock(monkeypatch, _moment(last))
    with pytest.raises(guard.Retained, match=f"until 31 Dec {last.year}"):
        guard.ensure_deletable(invoice)
    set_clock(monkeypatch, _moment(last + dt.timedelta(days=1)))
    guard.ensure_deletable(invoice)


def test_erasing_the_customer_leaves_the_invoice_its_name(world: World) -> None:
    organisation = make_organisation(world.a, name="Fjordline Cargo AS")
    invoice = issued(world.a, customer_name="", customer_organisation=organisation.pk)
    contacts.delete_organisation(actor=world.a.actor(perms.ADMIN), organisation=organisation)
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    kept = Invoice.objects.get(pk=invoice.pk)
    assert kept.customer_name == "Fjordline Cargo AS"  # the snapshot the law requires
    assert rules.retained_until(kept) is not None


def test_an_approved_claims_vouchers_are_kept(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = approved_claim(world.a)
    line = claim.lines.get()
    with pytest.raises(guard.Retained, match="This expense voucher must be kept until"):
        guard.ensure_deletable(line)
    kept = rules.retained_until(claim)
    assert kept is not None
    set_clock(monkeypatch, _moment(kept[0] + dt.timedelta(days=1)))
    guard.ensure_deletable(line)
    guard.ensure_deletable(claim)
