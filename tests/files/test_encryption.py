"""Stored files are sealed under keys of their own, and erased with their subject's key (P-C2,
P-D6)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.files import storage
from strongroom.platform.files.models import StoredFile
from strongroom.platform.files.selectors import open_file
from strongroom.platform.files.steps import store_file
from strongroom.platform.keys import store
from strongroom.platform.keys.errors import DecryptionFailed, FileErased, KeyDestroyed
from strongroom.platform.keys.models import DataKeyset, Purpose
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_person
from tests.documents.factories import make_document
from tests.files import samples

PERMISSION = "company.view"
MARKER = b"Receipt for Zebediah Quirrell, account NO44 1234 5678 901\n"


def _store(
    world: World, content: bytes = MARKER, subject: str = "", name: str = "notes.txt"
) -> StoredFile:
    with transaction.atomic():
        return store_file(
            actor=world.a.actor(perms.EMPLOYEE), upload=samples.upload(name, content),
            permission=PERMISSION, encryption_subject=subject,
        )


def _path(stored: StoredFile) -> Path:
    return Path(storage.file_storage().path(stored.storage_name))


def _read(world: World, stored: StoredFile) -> bytes:
    stored = StoredFile.objects.get(pk=stored.pk)  # as a later request would load it
    download = open_file(world.a.actor(perms.EMPLOYEE), stored, permission=PERMISSION)
    return b"".join(download.chunks)


@pytest.mark.parametrize("size", [1, storage.CHUNK_SIZE, 3 * storage.CHUNK_SIZE + 1])
def test_files_are_sealed_and_read_back_exactly(world: World, size: int) -> None:
    content = (MARKER * (size // len(MARKER) + 1))[:size]
    stored = _store(world, content)
    raw = _path(stored).read_bytes()
    assert len(raw) > size
    if size > len(MARKER):
        assert MARKER in content
        assert MARKER[:16] not in raw
    assert stored.size == size
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert _read(world, stored) == content


def test_every_file_has_its_own_key_under_the_subjects_key(world: World) -> None:
    subject = "contact:5d7c3f0e-1111-4222-8333-944455556666"
    first, second = _store(world, subject=subject), _store(world, subject=subject)
    company = _store(world)
    assert bytes(first.wrapped_key) != bytes(second.wrapped_key)
    assert _path(first).read_bytes() != _path(second).read_bytes()
    person_key = DataKeyset.objects.get(
        company_id=world.a.company.pk, purpose=Purpose.SUBJECT, subject=subject
    )
    company_key = DataKeyset.objects.get(company_id=world.a.company.pk, purpose=Purpose.COMPANY)
    assert first.wrapping_key_id == second.wrapping_key_id == person_key.key_id
    assert company.wrapping_key_id == company_key.key_id
    assert first.wrapping_key_version == 1


def test_a_blob_moved_to_another_files_name_does_not_open(world: World) -> None:
    victim, other = _store(world), _store(world, b"Another file altogether\n")
    _path(other).write_bytes(_path(victim).read_bytes())
    with pytest.raises(storage.IntegrityError, match="does not open"):
        _read(world, other)


def test_a_wrapped_key_copied_to_another_file_does_not_open(world: World) -> None:
    victim, other = _store(world), _store(world, b"Another file altogether\n")
    _path(other).write_bytes(_path(victim).read_bytes())
    StoredFile.objects.filter(pk=other.pk).update(
        wrapped_key=victim.wrapped_key, wrapping_key_id=victim.wrapping_key_id,
        wrapping_key_version=victim.wrapping_key_version,
    )
    with pytest.raises(DecryptionFailed):
        _read(world, other)


def test_chunk_tampering_in_storage_fails_loudly(world: World) -> None:
    content = os.urandom(3 * storage.CHUNK_SIZE + 10)
    stored = _store(world, samples.PDF + content, name="scan.pdf")
    path = _path(stored)
    sealed = path.read_bytes()
    header, body = sealed[:16], sealed[16:]
    segment = storage.CHUNK_SIZE + 16
    chunks = [body[i : i + segment] for i in range(0, len(body), segment)]
    for altered in (
        header + b"".join(chunks[:-1]),  # last chunk cut off
        header + chunks[0] + b"".join(chunks[2:]),  # a chunk dropped
        header + chunks[1] + chunks[0] + b"".join(chunks[2:]),  # two chunks swapped
        sealed + chunks[-1],  # a chunk appended
    ):
        path.write_bytes(altered)
        with pytest.raises(storage.IntegrityError):
            _read(world, stored)


def test_an_erased_subjects_file_raises_before_any_byte(world: World) -> None:
    subject = "member:999"
    stored = _store(world, subject=subject)
    store.destroy_keyset(world.a.company.pk, Purpose.SUBJECT, subject)
    with pytest.raises(FileErased):
        open_file(world.a.actor(perms.EMPLOYEE), StoredFile.objects.get(pk=stored.pk),
                  permission=PERMISSION)
    with pytest.raises(KeyDestroyed), transaction.atomic():  # nor can new files be sealed for them
        store_file(actor=world.a.actor(perms.EMPLOYEE), upload=samples.upload("notes.txt", MARKER),
                   permission=PERMISSION, encryption_subject=subject)


def test_files_stored_before_encryption_are_still_served(world: World) -> None:
    stored = _store(world)
    _path(stored).write_bytes(MARKER)  # as written by a version without encryption at rest
    StoredFile.objects.filter(pk=stored.pk).update(
        wrapped_key=b"", wrapping_key_id=None, wrapping_key_version=None
    )
    assert _read(world, stored) == MARKER


def test_views_answer_an_erased_file_with_410(world: World) -> None:
    manager_client = Client()
    sign_in(manager_client, world.a.user(perms.MANAGER))
    person = make_person(world.a)
    document = make_document(world.a, target=person)
    web = f"/c/acme/documents/{document.pk}/download/"
    api = f"/api/v1/companies/acme/documents/{document.pk}/versions/1/content"
    assert manager_client.get(web).status_code == 200
    store.destroy_keyset(world.a.company.pk, Purpose.SUBJECT, person.encryption_subject())
    page = manager_client.get(web)
    assert page.status_code == 410
    assert "File erased" in page.content.decode()
    problem = manager_client.get(api)
    assert problem.status_code == 410
    assert problem["Content-Type"] == "application/problem+json"
    assert problem.json()["type"] == "urn:strongroom:problem:file-erased"
