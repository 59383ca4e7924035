"""Readiness (P-F5): whether this instance can serve requests now, for a load balancer's probe.

``/healthz`` says the process is alive; ``/readyz`` says it is worth sending traffic to: the
instance is not shutting down (``strongroom serve`` drains on SIGTERM), the records database
answers and accepts writes, the key store opens under the root key, the cache answers, and both
databases' migrations are applied. Each check is cheap (a few small
queries), so a probe every second costs little; migrations, once seen applied, are not looked
at again by this process.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from strongroom.platform.keys.errors import KeyStoreUnavailable
from strongroom.platform.keys.router import KEYS_DB
from strongroom.platform.keys.startup import check_key_store

# Set by ``strongroom serve`` for its gunicorn: the file that exists while the instance drains
DRAIN_FILE_VARIABLE = "STRONGROOM_DRAIN_FILE"
_migrated: set[str] = set()


def not_draining() -> str:
    """"" unless this instance is shutting down and leaving the proxy's rotation."""
    marker = os.environ.get(DRAIN_FILE_VARIABLE)
    if marker and os.path.exists(marker):
        return "this instance is shutting down"
    return ""


def database_writable() -> str:
    """"" when the records database answers and accepts writes, else what is wrong."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_is_in_recovery(), current_setting('transaction_read_only'), "
                    "current_setting('default_transaction_read_only')"
                )
                recovering, read_only, default_read_only = cursor.fetchone()
                if recovering or "on" in (read_only, default_read_only):
                    return "the database is read-only (a standby, or in recovery)"
            else:
                cursor.execute("PRAGMA query_only")
                if cursor.fetchone()[0]:
                    return "the database is read-only"
    except DatabaseError:
        return "the database does not answer"
    if connection.vendor == "sqlite":
        path = Path(str(connection.settings_dict["NAME"]))
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return "the database file is not writable"
    return ""


def key_store_opens() -> str:
    """"" when the key store opens under the root key."""
    try:
        check_key_store()
    except (KeyStoreUnavailable, DatabaseError):
        return "the key store does not open"
    return ""


def cache_reachable() -> str:
    """"" when the cache stores and returns a value. A cache in the records database is that
    database, checked already: it is not written to on every probe."""
    if "DatabaseCache" in str(settings.CACHES["default"]["BACKEND"]):
        return ""
    probe = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(probe, "1", timeout=5)
        found = cache.get(probe)
        cache.delete(probe)
    except Exception:  # any cache backend's error: the cache is not usable
        return "the cache does not answer"
    return "" if found == "1" else "the cache does not keep values"


def migrations_applied() -> str:
    """"" when every migration of both databases is applied."""
    for alias in ("default", KEYS_DB):
        if alias in _migrated:
            continue
        try:
            executor = MigrationExecutor(connections[alias])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError:
            return f"the migrations of database '{alias}' cannot be read"
        if plan:
            return f"database '{alias}' has {len(plan)} migration(s) to apply"
        _migrated.add(alias)
    return ""


CHECKS: dict[str, Callable[[], str]] = {
    "draining": not_draining,
    "database": database_writable,
    "key_store": key_store_opens,
    "cache": cache_reachable,
    "migrations": migrations_applied,
}


def failing() -> dict[str, str]:
    """Every check that fails, by component: empty when the instance is ready."""
    found = {}
    for name, check in CHECKS.items():
        problem = check()
        if problem:
            found[name] = problem
    return found
