"""The one way bytes go into storage and the one way they come out, both streaming.

Encryption at rest (P-C2) plugs in here and nowhere else: :func:`write` passes the plain chunks
through :func:`_seal` before they reach the storage, and :func:`read` passes the stored chunks
through :func:`_open` before anyone sees them. Size and SHA-256 are those of the plain bytes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import uuid
from collections.abc import Iterable, Iterator
from typing import IO

from django.core.files.base import File
from django.core.files.storage import Storage, storages

from strongroom.platform.files.models import StoredFile

logger = logging.getLogger("strongroom.files")
CHUNK_SIZE = 64 * 1024


class IntegrityError(Exception):
    """Stored bytes no longer match the size or SHA-256 recorded when they were written."""


def file_storage() -> Storage:
    """The ``files`` storage (``STORAGES["files"]``)."""
    return storages["files"]


def new_storage_name(company_id: int) -> str:
    """A fresh, random name: nothing of the original name or content goes into the path."""
    token = uuid.uuid4().hex
    return f"c{company_id}/{token[:2]}/{token}"


def _seal(stored: StoredFile, chunks: Iterable[bytes]) -> Iterable[bytes]:
    """Plain chunks -> stored chunks. Encryption (platform/keys) goes here."""
    return chunks


def _open(stored: StoredFile, chunks: Iterable[bytes]) -> Iterable[bytes]:
    """Stored chunks -> plain chunks. Decryption (platform/keys) goes here."""
    return chunks


class _ChunkReader(io.RawIOBase):
    """A read-only file over an iterator of chunks, so a storage backend can pull from it."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def write(stored: StoredFile, source: IO[bytes]) -> None:
    """Stream ``source`` into the storage as ``stored.storage_name``; set size and sha256."""
    digest = hashlib.sha256()
    size = 0

    def plain_chunks() -> Iterator[bytes]:
        nonlocal size
        source.seek(0)
        while chunk := source.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
            yield chunk

    reader = io.BufferedReader(_ChunkReader(_seal(stored, plain_chunks())), CHUNK_SIZE)
    saved_as = file_storage().save(stored.storage_name, File(reader, name=stored.storage_name))
    if saved_as != stored.storage_name:  # never overwrite: names are random, so this is a bug
        file_storage().delete(saved_as)
        raise RuntimeError("storage renamed a new file; refusing to continue")
    stored.size = size
    stored.sha256 = digest.hexdigest()


def read(stored: StoredFile) -> Iterator[bytes]:
    """The plain bytes of ``stored``, chunk by chunk; checks size and SHA-256 at the end and
    raises :class:`IntegrityError` (after logging it) if the stored bytes were altered."""
    digest = hashlib.sha256()
    size = 0
    handle = file_storage().open(stored.storage_name, "rb")
    try:
        stored_chunks = iter(lambda: handle.read(CHUNK_SIZE), b"")
        for chunk in _open(stored, stored_chunks):
            digest.update(chunk)
            size += len(chunk)
            yield chunk
    finally:
        handle.close()
    if size != stored.size or digest.hexdigest() != stored.sha256:
        logger.error("stored file %s fails its integrity check", stored.pk)
        raise IntegrityError(f"stored file {stored.pk} fails its integrity check")


def delete(storage_name: str) -> None:
    """Remove stored bytes (missing ones are fine: deleting twice is harmless)."""
    file_storage().delete(storage_name)
