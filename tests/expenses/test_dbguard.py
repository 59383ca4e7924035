"""The database itself keeps expense vouchers for their statutory period (P-D3), on SQLite and
PostgreSQL: not a queryset, not raw SQL can delete an approved claim, its lines or receipts
before its ``retained_until`` has passed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from strongroom.platform.files.models import StoredFile
from strongroom.platform.retention import rules
from strongroom.records.expenses import dbguard
from strongroom.records.expenses.models import ExpenseClaim, ExpenseLine
from tests.conftest import World
from tests.expenses.factories import approved_claim, draft_claim

pytestmark = pytest.mark.django_db


def _refused(write: Any) -> None:
    with pytest.raises(IntegrityError, match="statutory period"), transaction.atomic():
        write()


def _raw(sql: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def _key(model: Any, pk: Any) -> Any:
    return model._meta.pk.get_db_prep_value(pk, connection)


def test_approval_records_the_last_day(world: World) -> None:
    claim = approved_claim(world.a)
    kept = rules.retained_until(claim)
    assert kept is not None
    assert claim.retained_until == kept[0]


def test_an_approved_claim_its_lines_and_receipts_cannot_be_deleted(world: World) -> None:
    claim = approved_claim(world.a)
    line = claim.lines.get()
    assert line.receipt_id is not None
    claim_key, line_key = _key(ExpenseClaim, claim.pk), _key(ExpenseLine, line.pk)
    _refused(lambda: _raw("DELETE FROM expenses_expenseclaim WHERE id = %s", claim_key))
    _refused(lambda: _raw("DELETE FROM expenses_expenseline WHERE id = %s", line_key))
    _refused(lambda: _raw("DELETE FROM files_storedfile WHERE id = %s",
                          _key(StoredFile, line.receipt_id)))
    _refused(lambda: ExpenseLine.objects.filter(pk=line.pk).update(description="Changed"))
    _refused(lambda: ExpenseLine.objects.filter(pk=line.pk).delete())
    _refused(lambda: ExpenseClaim.objects.filter(pk=claim.pk).update(status="draft"))
    _refused(lambda: ExpenseClaim.objects.filter(pk=claim.pk).update(retained_until=None))
    _refused(lambda: ExpenseClaim.objects.filter(pk=claim.pk).update(
        retained_until=dt.date(2000, 1, 1)))
    _refused(lambda: ExpenseClaim.objects.filter(pk=claim.pk).update(
        company=world.b.company))
    assert ExpenseClaim.objects.filter(pk=claim.pk, status="approved").exists()
    assert StoredFile.objects.filter(pk=line.receipt_id).exists()


def test_reimbursing_and_a_later_date_are_allowed(world: World) -> None:
    claim = approved_claim(world.a)
    assert claim.retained_until is not None
    later = claim.retained_until + dt.timedelta(days=365)
    ExpenseClaim.objects.filter(pk=claim.pk).update(status="reimbursed", retained_until=later)
    assert ExpenseClaim.objects.get(pk=claim.pk).retained_until == later


def test_drafts_are_not_guarded(world: World) -> None:
    claim = draft_claim(world.a)
    ExpenseLine.objects.filter(claim=claim).delete()
    ExpenseClaim.objects.filter(pk=claim.pk).delete()
    assert not ExpenseClaim.objects.filter(pk=claim.pk).exists()


def test_after_its_time_a_voucher_can_go(world: World) -> None:
    claim = approved_claim(world.a)
    line = claim.lines.get()
    with dbguard.lifted(connection):  # a claim whose period ended yesterday
        ExpenseClaim.objects.filter(pk=claim.pk).update(
            retained_until=rules.today() - dt.timedelta(days=2)
        )
    _raw("DELETE FROM expenses_expenseline WHERE id = %s", _key(ExpenseLine, line.pk))
    _raw("DELETE FROM files_storedfile WHERE id = %s", _key(StoredFile, line.receipt_id))
    _raw("DELETE FROM expenses_expenseclaim WHERE id = %s", _key(ExpenseClaim, claim.pk))
    assert not ExpenseClaim.objects.filter(pk=claim.pk).exists()

