"""Fixtures of the invoice tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from strongroom.records.invoices import dbguard
from strongroom.records.invoices.models import Invoice, InvoiceCounter, InvoiceLine


@pytest.fixture
def issued_rows_removed_after(transactional_db: None) -> Iterator[None]:
    """For tests that commit issued invoices: remove them afterwards, with the guard lifted
    for that moment only. PostgreSQL empties tables with TRUNCATE, which row triggers do not
    see; SQLite deletes row by row, and the guard would (rightly) refuse."""
    yield
    dbguard.uninstall(connection)
    try:
        InvoiceLine.objects.all().delete()
        Invoice.objects.filter(kind="credit_note").delete()
        Invoice.objects.all().delete()
        InvoiceCounter.objects.all().delete()
    finally:
        dbguard.install(connection)
