"""The database itself refuses changes to issued invoices (P-D3), on SQLite and PostgreSQL:
not the actions, not a queryset update, not raw SQL can alter one."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from strongroom.platform.keys.fields import EncryptedTextField
from strongroom.records.invoices import dbguard
from strongroom.records.invoices.models import Invoice, InvoiceCounter, InvoiceLine
from tests.conftest import World
from tests.invoices.factories import draft, issued

pytestmark = pytest.mark.django_db


def _refused(write: Any) -> None:
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        write()
    assert "immutable" in str(excinfo.value) or "never go back" in str(excinfo.value)


def _other_value(field: models.Field[Any, Any], world: World) -> Any:
    if field.attname == "company_id":
        return world.b.company.pk
    if field.attname == "credited_invoice_id":
        return draft(world.a).pk
    if field.attname == "kind":
        return "credit_note"
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.DateTimeField):
        return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    if isinstance(field, models.DateField):
        return dt.date(2000, 1, 1)
    if isinstance(field, models.DecimalField):
        return Decimal("1.00")
    if isinstance(field, models.IntegerField):
        return 99
    return "changed"[: field.max_length or None]


def _update(invoice: Invoice, field: models.Field[Any, Any], value: Any) -> None:
    """Write one column behind the application's back. Encrypted columns refuse plain values
    through the ORM, so those go in as raw SQL, as an attacker with database access would."""
    if isinstance(field, EncryptedTextField):
        key = Invoice._meta.pk.get_db_prep_value(invoice.pk, connection)  # type: ignore[union-attr]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE invoices_invoice SET {field.column} = %s WHERE id = %s",  # noqa: S608
                [value, key],
            )
        return
    Invoice.objects.filter(pk=invoice.pk).update(**{field.attname: value})


def test_every_column_is_guarded() -> None:
    columns = {field.column for field in Invoice._meta.concrete_fields}
    assert columns == set(dbguard.FROZEN_COLUMNS) | set(dbguard.MUTABLE_COLUMNS)


@pytest.mark.parametrize("column", dbguard.FROZEN_COLUMNS)
def test_no_frozen_column_of_an_issued_invoice_changes(world: World, column: str) -> None:
    invoice = issued(world.a)
    field = next(f for f in Invoice._meta.concrete_fields if f.column == column)
    value = _other_value(field, world)
    _refused(lambda: _update(invoice, field, value))
    # The same edit on a draft is the database's business as usual.
    editable = draft(world.a)
    if column not in ("id", "company_id", "kind", "credited_invoice_id", "number"):
        _update(editable, field, value)


def test_raw_sql_cannot_change_an_issued_invoice(world: World) -> None:
    invoice = issued(world.a)
    key = Invoice._meta.pk.get_db_prep_value(invoice.pk, connection)  # type: ignore[union-attr]

    def raw_update() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE invoices_invoice SET gross_total = 0 WHERE id = %s", [key])

    def raw_delete() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM invoices_invoice WHERE id = %s", [key])

    _refused(raw_update)
    _refused(raw_delete)
    invoice.refresh_from_db()
    assert invoice.gross_total == Decimal("2500.00")


def test_save_of_an_edited_issued_invoice_is_refused(world: World) -> None:
    invoice = issued(world.a)
    invoice.customer_name = "Someone else"
    _refused(invoice.save)
    _refused(invoice.delete)


def test_only_payment_may_follow_issue(world: World) -> None:
    invoice = issued(world.a)
    rows = Invoice.objects.filter(pk=invoice.pk)
    _refused(lambda: rows.update(status="draft"))
    today = timezone.localdate()
    rows.update(status="paid", paid_on=today)
    _refused(lambda: rows.update(status="issued"))
    _refused(lambda: rows.update(paid_on=today - dt.timedelta(days=1)))


def test_lines_of_an_issued_invoice_are_frozen(world: World) -> None:
    invoice = issued(world.a)
    first = invoice.lines.get()
    lines = InvoiceLine.objects.filter(pk=first.pk)
    _refused(lambda: lines.update(unit_price=Decimal("1.00")))
    _refused(lines.delete)
    _refused(lambda: InvoiceLine.objects.create(
        company_id=invoice.company_id, invoice=invoice, position=2, description="Extra",
        quantity=1, unit_price=1, vat_rate=0, net_amount=1, vat_amount=0,
    ))
    moved = draft(world.a).lines.get()
    _refused(lambda: InvoiceLine.objects.filter(pk=moved.pk).update(invoice=invoice))
    other_draft = draft(world.a)
    _refused(lambda: lines.update(invoice=other_draft))


def test_number_series_never_go_back(world: World) -> None:
    issued(world.a)
    counter = InvoiceCounter.objects.filter(company=world.a.company)
    _refused(lambda: counter.update(last_sequence=0))
    _refused(counter.delete)
