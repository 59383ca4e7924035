"""Database triggers that keep access-log entries append-only (P-D2, P-G4), on PostgreSQL and
SQLite.

A read is inserted unsealed (no position, hash or body) and sealed into its chain later
(``chain.seal_reads``). The database allows exactly that one change: an unsealed row may get its
``sequence``, ``prev_hash``, ``entry_hash`` and ``body`` (all four at once, by the check
constraint ``history_access_sealed_whole``), and nothing else of it may change. A sealed row
cannot be changed or sealed again, and no row can be deleted. A refused write raises
``django.db.IntegrityError``.

The chain, not these triggers, is the evidence: whoever can drop a trigger can also change a
row, and ``audit verify`` finds that. The triggers stop a bug, a shell or a stray raw UPDATE.
PostgreSQL's ``TRUNCATE`` fires no row trigger (test databases are emptied with it). On
PostgreSQL the check compares the whole row (``to_jsonb``), so a column added later is frozen
without a change here; SQLite names the columns (:data:`FROZEN_COLUMNS`), and a test fails
when a model field is missing from the list.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from strongroom.platform.triggers import Triggers

# The SQL below is built from constants of this module only, never from input.
TABLE = "history_accessread"
SEAL_COLUMNS = ("sequence", "prev_hash", "entry_hash", "body")
FROZEN_COLUMNS = (
    "id", "company_id", "chain_key", "actor_user_id", "actor_name", "actor_email",
    "support_user_id", "support_name", "support_email", "channel", "credential", "ip",
    "request_id", "object_type", "object_id", "occurred_at", "purpose",
)
MESSAGE = "access-log entries are append-only: a read is sealed once and never changed"

_SEALED = " - ".join(f"'{column}'" for column in SEAL_COLUMNS)

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION history_guard_access_read() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.sequence IS NOT NULL OR NEW.sequence IS NULL OR
        (to_jsonb(NEW) - {_SEALED}) IS DISTINCT FROM (to_jsonb(OLD) - {_SEALED})
      THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$;
    """,
    f"DROP TRIGGER IF EXISTS history_guard_access_read ON {TABLE}",
    f"""CREATE TRIGGER history_guard_access_read BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION history_guard_access_read()""",
]

POSTGRESQL_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS history_guard_access_read ON {TABLE}",
    "DROP FUNCTION IF EXISTS history_guard_access_read()",
]

_SQLITE_TRIGGERS = ("history_guard_access_read_update", "history_guard_access_read_delete")


def _sqlite_install() -> list[str]:
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in FROZEN_COLUMNS)
    refuse = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    return [
        *GUARD.sqlite_uninstall(),
        f"""CREATE TRIGGER history_guard_access_read_update BEFORE UPDATE ON {TABLE}
            WHEN OLD.sequence IS NOT NULL OR NEW.sequence IS NULL OR {changed} {refuse}""",
        f"CREATE TRIGGER history_guard_access_read_delete BEFORE DELETE ON {TABLE} {refuse}",
    ]


GUARD = Triggers(
    label="access-log",
    postgresql_install=POSTGRESQL_INSTALL,
    postgresql_uninstall=POSTGRESQL_UNINSTALL,
    sqlite_install=_sqlite_install,
    sqlite_names=_SQLITE_TRIGGERS,
)
statements, install, uninstall = GUARD.statements, GUARD.install, GUARD.uninstall


@contextlib.contextmanager
def lifted(connection: Any) -> Iterator[None]:
    """The guard dropped inside the block and installed again after it (emptying a test
    database on SQLite, which deletes row by row)."""
    uninstall(connection)
    try:
        yield
    finally:
        install(connection)
