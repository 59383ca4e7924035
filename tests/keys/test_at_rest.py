"""Personal values never reach the database in plain text: the raw bytes are searched.

On SQLite the database files themselves (with their write-ahead logs) are read byte by byte; on
PostgreSQL, whose files belong to the server, every row of every table is read as text. A value
stored in plain text on purpose proves that the search would find a leak.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections, transaction

from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.platform.tenancy.actor import cli_actor
from tests.conftest import World
from tests.keys.testapp.models import Person

SECRETS = ("Zebediah Quirrell", "zebediah.quirrell@example.org", "NO44 1234 5678 901")
VISIBLE = "visible-kind-77"


def _raw_bytes(alias: str) -> bytes:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        name = Path(connection.settings_dict["NAME"])
        files = [name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-journal")]
        return b"".join(path.read_bytes() for path in files if path.exists())
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT CAST(t AS text) FROM {quoted} t")  # noqa: S608
            chunks.extend(row[0].encode() for row in cursor.fetchall())
    return b"\n".join(chunks)


@pytest.mark.django_db(transaction=True)
def test_personal_values_never_appear_in_the_database_files(world: World) -> None:
    name, email, account = SECRETS
    with transaction.atomic():
        person = Person.objects.create(
            company=world.a.company, name=name, email=email, account=account,
            note=f"Met {name} at the fair", kind=VISIBLE,
        )
        record(actor=cli_actor(command="test"), event=AuditEventType.COMPANY_UPDATED,
               obj=person, company_id=world.a.company.pk)
    with transaction.atomic():
        before = capture(person)
        person.email = email.upper()
        person.save()
        record(actor=cli_actor(command="test"), event=AuditEventType.COMPANY_UPDATED,
               obj=person, company_id=world.a.company.pk, before=before)
    assert Person.objects.get(pk=person.pk).email == email.upper()

    everything = _raw_bytes("default") + _raw_bytes("keys")
    assert VISIBLE.encode() in everything  # the search sees what is stored in plain text
    for secret in (*SECRETS, email.upper()):
        for form in (secret, secret.lower(), secret.upper()):
            assert form.encode() not in everything, f"{form!r} is stored in plain text"
