"""Storing, reading, serving and deleting files: one write path, one read path (issue 3 item 6)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import system_actor
from strongroom.platform.files import jobs, storage
from strongroom.platform.files.http import download_response
from strongroom.platform.files.models import StoredFile
from strongroom.platform.files.selectors import open_file
from strongroom.platform.files.steps import delete_file, store_file
from strongroom.platform.history import read_log
from strongroom.platform.history.models import AuditEvent
from strongroom.platform.history.recorder import HistoryOutsideTransaction
from tests.conftest import World
from tests.files import samples

PERMISSION = "company.view"  # any company permission will do for the building blocks


def _store(world: World, name: str = "report.pdf", content: bytes = samples.PDF) -> StoredFile:
    with transaction.atomic():
        return store_file(
            actor=world.a.actor(perms.EMPLOYEE), upload=samples.upload(name, content),
            permission=PERMISSION,
        )


def _location(stored: StoredFile) -> Path:
    return Path(storage.file_storage().path(stored.storage_name))


def test_store_writes_the_bytes_under_a_random_name(world: World) -> None:
    stored = _store(world, "Kari Nordmann CV.pdf")
    assert stored.name == "Kari Nordmann CV.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.size == len(samples.PDF)
    assert stored.sha256 == hashlib.sha256(samples.PDF).hexdigest()
    assert stored.company_id == world.a.company.pk
    assert "Kari" not in stored.storage_name
    assert stored.storage_name.startswith(
        f"c{world.a.company.pk}/"
    )
    path = _location(stored)
    assert samples.PDF not in path.read_bytes()  # sealed (tests/files/test_encryption.py)
    assert path.stat().st_mode & 0o777 == 0o600
    event = AuditEvent.objects.get(object_id=str(stored.pk))
    assert event.event_type == 1100
    assert event.state["sha256"] == stored.sha256


def test_the_detected_type_is_stored_not_the_claimed_one(world: World) -> None:
    stored = _store(world, "ledger.csv", samples.CSV)
    assert stored.content_type == "text/csv; charset=utf-8"


def test_store_refuses_bad_uploads_and_writes_nothing(world: World) -> None:
    before = set(storage.file_storage().listdir("")[0])
    with pytest.raises(ValidationError), transaction.atomic():
        store_file(
            actor=world.a.actor(perms.EMPLOYEE), upload=samples.upload("x.pdf", samples.EXECUTABLE),
            permission=PERMISSION,
        )
    assert not StoredFile.objects.exists()
    assert set(storage.file_storage().listdir("")[0]) == before


def test_store_needs_the_callers_permission(world: World) -> None:
    with pytest.raises(policy.NotFound), transaction.atomic():
        store_file(
            actor=world.a.actor(perms.EMPLOYEE), upload=samples.upload(), permission="audit.view",
        )
    with pytest.raises(policy.NotFound), transaction.atomic():
        store_file(
            actor=system_actor(job="test"), upload=samples.upload(), permission=PERMISSION,
        )


def test_store_refuses_to_run_outside_an_action(world: World) -> None:
    connection = transaction.get_connection()
    saved = connection.in_atomic_block
    connection.in_atomic_block = False  # as outside the test's own transaction
    try:
        with pytest.raises(HistoryOutsideTransaction):
            store_file(
                actor=world.a.actor(perms.EMPLOYEE), upload=samples.upload(),
                permission=PERMISSION,
            )
    finally:
        connection.in_atomic_block = saved


def test_open_streams_the_plain_bytes_and_logs_the_read(world: World) -> None:
    stored = _store(world)
    actor = world.a.actor(perms.EMPLOYEE)
    with read_log.unit_of_work():
        download = open_file(actor, stored, permission=PERMISSION)
        [batch] = read_log.take_pending()
    assert batch.items == [("files.storedfile", str(stored.pk), "download")]
    assert b"".join(download.chunks) == samples.PDF


def test_another_company_cannot_open_the_file(world: World) -> None:
    stored = _store(world)
    with pytest.raises(policy.NotFound):
        open_file(world.b.actor(perms.OWNER), stored, permission=PERMISSION)
    with pytest.raises(policy.NotFound):
        open_file(world.a.actor(perms.EMPLOYEE), stored, permission="audit.view")


def test_tampered_bytes_fail_the_integrity_check(world: World) -> None:
    stored = _store(world)
    sealed = bytearray(_location(stored).read_bytes())
    sealed[40] ^= 0x20
    _location(stored).write_bytes(bytes(sealed))
    download = open_file(world.a.actor(perms.EMPLOYEE), stored, permission=PERMISSION)
    with pytest.raises(storage.IntegrityError):
        b"".join(download.chunks)


def test_large_files_stream_in_chunks(world: World) -> None:
    content = samples.PDF + os.urandom(3 * storage.CHUNK_SIZE + 17)
    stored = _store(world, "scan.pdf", content)
    chunks = list(open_file(world.a.actor(perms.EMPLOYEE), stored, permission=PERMISSION).chunks)
    assert len(chunks) == 4
    assert b"".join(chunks) == content


def test_download_response_headers(world: World) -> None:
    stored = _store(world, "Årsrapport 2026.pdf")
    response = download_response(
        open_file(world.a.actor(perms.EMPLOYEE), stored, permission=PERMISSION)
    )
    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(samples.PDF))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%C3%85rsrapport%202026.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == samples.PDF  # type: ignore[arg-type]


def test_delete_removes_row_then_bytes_on_commit(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    stored = _store(world)
    path, pk = _location(stored), str(stored.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        delete_file(actor=world.a.actor(perms.EMPLOYEE), stored=stored, permission=PERMISSION)
    assert not StoredFile.objects.filter(pk=pk).exists()
    assert path.exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert not path.exists()
    latest = AuditEvent.objects.filter(object_id=pk).order_by("-sequence").first()
    assert latest is not None
    assert latest.event_type == 1101
    assert latest.state is None


def test_no_url_serves_stored_files(world: World, client: Client) -> None:
    stored = _store(world)
    with pytest.raises(ValueError, match="not accessible via a URL"):
        storage.file_storage().url(stored.storage_name)
    for path in (f"/media/{stored.storage_name}", f"/files/{stored.storage_name}",
                 f"/static/{stored.storage_name}"):
        with pytest.raises(Resolver404):
            resolve(path)
        assert client.get(path).status_code == 404


def test_sweep_removes_only_old_orphans(world: World) -> None:
    kept = _store(world)
    fs = storage.file_storage()
    old_orphan = fs.save(storage.new_storage_name(world.a.company.pk), samples.upload())
    new_orphan = fs.save(storage.new_storage_name(world.a.company.pk), samples.upload())
    an_hour_and_more = time.time() - 2 * 3600
    os.utime(fs.path(old_orphan), (an_hour_and_more, an_hour_and_more))
    summary = jobs.sweep_orphans(system_actor(job="files.sweep_orphans"))
    assert summary == "removed 1 orphaned file(s)"
    assert fs.exists(kept.storage_name)
    assert fs.exists(new_orphan)
    assert not fs.exists(old_orphan)
