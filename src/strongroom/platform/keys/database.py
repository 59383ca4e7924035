"""The key store's database: created on PostgreSQL when missing (``strongroom migrate``)."""

from __future__ import annotations

from django.db import OperationalError, connections

from strongroom.platform.keys.router import KEYS_DB


def ensure_key_store_database() -> bool:
    """Create the PostgreSQL key store database if it does not exist yet; True if created.
    SQLite creates its file by itself."""
    connection = connections[KEYS_DB]
    if connection.vendor != "postgresql":
        return False
    try:
        connection.ensure_connection()
        return False
    except OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:  # the server's maintenance database
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    return True
