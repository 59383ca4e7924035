"""A set of database triggers kept in Python: the SQL that installs and removes it on PostgreSQL
and SQLite, run on a connection (the append-only guards of ``history/dbguard.py`` and
``records/invoices/dbguard.py``, installed by their migrations)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Triggers:
    """One guard: its SQL per database vendor. ``sqlite_install`` is built when asked for (it
    names the columns); ``sqlite_names`` are the triggers it creates, dropped on removal."""

    label: str
    postgresql_install: Sequence[str]
    postgresql_uninstall: Sequence[str]
    sqlite_install: Callable[[], list[str]]
    sqlite_names: Sequence[str]

    def sqlite_uninstall(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {name}" for name in self.sqlite_names]

    def statements(self, vendor: str, *, remove: bool = False) -> list[str]:
        """The SQL that installs (or removes) the guard on a database of ``vendor``."""
        if vendor == "postgresql":
            return list(self.postgresql_uninstall if remove else self.postgresql_install)
        if vendor == "sqlite":
            return self.sqlite_uninstall() if remove else self.sqlite_install()
        raise NotImplementedError(f"no {self.label} guard for the {vendor} database")

    def install(self, connection: Any) -> None:
        """Create (or re-create) the triggers on ``connection``."""
        self._run(connection, self.statements(connection.vendor))

    def uninstall(self, connection: Any) -> None:
        """Drop the triggers (a migration's reverse; tests that empty a guarded table)."""
        self._run(connection, self.statements(connection.vendor, remove=True))

    @staticmethod
    def _run(connection: Any, statements: list[str]) -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
