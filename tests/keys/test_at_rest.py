"""Personal values never reach the database or the file storage in plain text: the raw bytes
are searched.

On SQLite the database files themselves (with their write-ahead logs) are read byte by byte; on
PostgreSQL, whose files belong to the server, every row of every table is read as text. Every
file under the storage directory is read byte by byte. A value stored in plain text on purpose
proves that the search would find a leak.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.db import connections, transaction

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import cli_actor
from strongroom.platform.history.events import AuditEventType
from strongroom.platform.history.recorder import record
from strongroom.platform.history.tracking import capture
from strongroom.records.documents import selectors as document_selectors
from tests.conftest import World
from tests.contacts.factories import make_person
from tests.documents.factories import make_document
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


@pytest.mark.django_db(transaction=True)
def test_uploaded_files_never_appear_in_the_storage_or_the_database(
    world: World, settings: Any, tmp_path: Path
) -> None:
    location = tmp_path / "files"  # a storage of its own: every byte in it is this test's
    settings.STORAGES = {**settings.STORAGES, "files": {
        "BACKEND": "strongroom.platform.files.backends.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(location)},
    }}
    storages._storages.pop("files", None)
    name, email = "Ximena Thistlewood", "ximena.thistlewood@example.org"
    content = (f"Reference for {name} <{email}>\n" * 5000).encode()  # several chunks
    try:
        person = make_person(world.a, name=name, email=email)
        document = make_document(world.a, name="reference.txt", content=content, target=person)
        actor = world.a.actor(perms.MANAGER)
        download = document_selectors.download(actor, document)
        assert b"".join(download.chunks) == content

        stored = b"".join(path.read_bytes() for path in location.rglob("*") if path.is_file())
        assert len(stored) >= len(content)  # the search reads what was stored
        everything = stored + _raw_bytes("default") + _raw_bytes("keys")
        assert b"reference" in everything  # the document's title is not personal
        for secret in (name, email, "Reference for"):
            for form in (secret, secret.lower(), secret.upper()):
                assert form.encode() not in everything, f"{form!r} is stored in plain text"
    finally:
        storages._storages.pop("files", None)
