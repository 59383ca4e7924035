"""Database triggers that keep expense vouchers for their statutory period (P-D3), on
PostgreSQL and SQLite, as ``records/invoices/dbguard.py`` keeps issued invoices.

An approved or reimbursed claim is a voucher: at approval it records ``retained_until``, the
last day the law keeps it (``platform/retention/rules.py``). Until the day after, whatever the
code path (a bug, a shell, a raw ``DELETE``):

- the claim row cannot be deleted, go back to another status, move to another company, or
  have its ``retained_until`` removed or brought forward;
- its lines cannot be added, changed or deleted;
- the stored files of its receipts cannot be deleted.

A refused write raises ``django.db.IntegrityError``. Claims approved before the column existed
get their date from the migration that installs the guard.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from strongroom.platform.triggers import Triggers

# The SQL below is built from constants of this module only, never from input.
# ruff: noqa: S608

CLAIM = "expenses_expenseclaim"
LINE = "expenses_expenseline"
FILE = "files_storedfile"
MESSAGE = "expense vouchers are kept for their statutory period"
KEPT = ("approved", "reimbursed")
_KEPT = "('approved', 'reimbursed')"


def _held(row: str, today: str) -> str:
    """SQL: the claim ``row`` is a voucher still within its period."""
    return (
        f"{row}.status IN {_KEPT} AND ({row}.retained_until IS NULL"
        f" OR {row}.retained_until >= {today})"
    )


def _held_claim(claim_id: str, today: str) -> str:
    return f"EXISTS (SELECT 1 FROM {CLAIM} c WHERE c.id = {claim_id} AND {_held('c', today)})"


def _held_receipt(file_id: str, today: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {LINE} l JOIN {CLAIM} c ON c.id = l.claim_id"
        f" WHERE l.receipt_id = {file_id} AND {_held('c', today)})"
    )


def _claim_change(today: str, distinct: str) -> str:
    return (
        f"{_held('OLD', today)} AND (NEW.status NOT IN {_KEPT} OR NEW.retained_until IS NULL"
        f" OR NEW.retained_until < OLD.retained_until OR NEW.company_id {distinct} OLD.company_id)"
    )


_PG_TODAY = "CURRENT_DATE"
_RAISE = f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';"

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION expenses_guard_claim() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF {_held('OLD', _PG_TODAY)} THEN {_RAISE} END IF;
        RETURN OLD;
      END IF;
      IF {_claim_change(_PG_TODAY, 'IS DISTINCT FROM')} THEN {_RAISE} END IF;
      RETURN NEW;
    END $$;
    """,
    f"""
    CREATE OR REPLACE FUNCTION expenses_guard_line() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND {_held_claim('OLD.claim_id', _PG_TODAY)} THEN
        {_RAISE}
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND {_held_claim('NEW.claim_id', _PG_TODAY)} THEN
        {_RAISE}
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$;
    """,
    f"""
    CREATE OR REPLACE FUNCTION expenses_guard_receipt() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF {_held_receipt('OLD.id', _PG_TODAY)} THEN {_RAISE} END IF;
      RETURN OLD;
    END $$;
    """,
    f"DROP TRIGGER IF EXISTS expenses_guard_claim ON {CLAIM}",
    f"""CREATE TRIGGER expenses_guard_claim BEFORE UPDATE OR DELETE ON {CLAIM}
        FOR EACH ROW EXECUTE FUNCTION expenses_guard_claim()""",
    f"DROP TRIGGER IF EXISTS expenses_guard_line ON {LINE}",
    f"""CREATE TRIGGER expenses_guard_line BEFORE INSERT OR UPDATE OR DELETE ON {LINE}
        FOR EACH ROW EXECUTE FUNCTION expenses_guard_line()""",
    f"DROP TRIGGER IF EXISTS expenses_guard_receipt ON {FILE}",
    f"""CREATE TRIGGER expenses_guard_receipt BEFORE DELETE ON {FILE}
        FOR EACH ROW EXECUTE FUNCTION expenses_guard_receipt()""",
]

POSTGRESQL_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS expenses_guard_claim ON {CLAIM}",
    f"DROP TRIGGER IF EXISTS expenses_guard_line ON {LINE}",
    f"DROP TRIGGER IF EXISTS expenses_guard_receipt ON {FILE}",
    "DROP FUNCTION IF EXISTS expenses_guard_claim()",
    "DROP FUNCTION IF EXISTS expenses_guard_line()",
    "DROP FUNCTION IF EXISTS expenses_guard_receipt()",
]

_SQLITE_TRIGGERS = (
    "expenses_guard_claim_update", "expenses_guard_claim_delete",
    "expenses_guard_line_insert", "expenses_guard_line_update", "expenses_guard_line_delete",
    "expenses_guard_receipt_delete",
)


def _sqlite_install() -> list[str]:
    today = "date('now')"
    refuse = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    return [
        *GUARD.sqlite_uninstall(),
        f"""CREATE TRIGGER expenses_guard_claim_update BEFORE UPDATE ON {CLAIM}
            WHEN {_claim_change(today, 'IS NOT')} {refuse}""",
        f"""CREATE TRIGGER expenses_guard_claim_delete BEFORE DELETE ON {CLAIM}
            WHEN {_held('OLD', today)} {refuse}""",
        f"CREATE TRIGGER expenses_guard_line_insert BEFORE INSERT ON {LINE} "
        f"WHEN {_held_claim('NEW.claim_id', today)} {refuse}",
        f"CREATE TRIGGER expenses_guard_line_update BEFORE UPDATE ON {LINE} "
        f"WHEN {_held_claim('OLD.claim_id', today)} OR {_held_claim('NEW.claim_id', today)} "
        f"{refuse}",
        f"CREATE TRIGGER expenses_guard_line_delete BEFORE DELETE ON {LINE} "
        f"WHEN {_held_claim('OLD.claim_id', today)} {refuse}",
        f"CREATE TRIGGER expenses_guard_receipt_delete BEFORE DELETE ON {FILE} "
        f"WHEN {_held_receipt('OLD.id', today)} {refuse}",
    ]


GUARD = Triggers(
    label="expense voucher",
    postgresql_install=POSTGRESQL_INSTALL,
    postgresql_uninstall=POSTGRESQL_UNINSTALL,
    sqlite_install=_sqlite_install,
    sqlite_names=_SQLITE_TRIGGERS,
)
statements, install, uninstall = GUARD.statements, GUARD.install, GUARD.uninstall


@contextmanager
def lifted(connection: Any) -> Iterator[None]:
    """Lift the guard for the block (a test emptying its tables row by row), then restore it."""
    uninstall(connection)
    try:
        yield
    finally:
        install(connection)
