"""The one way bytes go into storage and the one way they come out, both streaming.

Encryption at rest (P-C2) happens here and nowhere else: :func:`write` seals the plain chunks
under a fresh key of the file's own (platform/keys/filekeys.py, streams.py) before they reach
the storage, and :func:`read` opens them before anyone sees them. Size and SHA-256 are those of
the plain bytes. A file whose key has been destroyed raises ``FileErased`` when it is opened,
before any byte is served; stored bytes that were altered raise :class:`IntegrityError`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from django.core.files.base import File
from django.core.files.storage import Storage, storages

from strongroom.platform.files.models import StoredFile
from strongroom.platform.keys import filekeys, streams
from strongroom.platform.keys.errors import DecryptionFailed

logger = logging.getLogger("strongroom.files")
CHUNK_SIZE = streams.CHUNK_SIZE


class IntegrityError(Exception):
    """Stored bytes do not open under the file's key, or no longer match the size or SHA-256
    recorded when they were written: altered, truncated, reordered or another file's."""


def file_storage() -> Storage:
    """The ``files`` storage (``STORAGES["files"]``)."""
    return storages["files"]


def new_storage_name(company_id: int) -> str:
    """A fresh, random name: nothing of the original name or content goes into the path."""
    token = uuid.uuid4().hex
    return f"c{company_id}/{token[:2]}/{token}"


def _seal(stored: StoredFile, chunks: Iterable[bytes]) -> Iterable[bytes]:
    """Plain chunks -> stored chunks, under a fresh file key recorded on ``stored``."""
    material, wrapped = filekeys.new_file_key(
        company_id=stored.company_id, file_id=stored.pk, subject=stored.encryption_subject
    )
    stored.wrapped_key = wrapped.wrapped
    stored.wrapping_key_id = wrapped.key_id
    stored.wrapping_key_version = wrapped.key_version
    context = filekeys.file_context(stored.company_id, stored.pk)
    return streams.seal(material, chunks, context=context)


def _opener(stored: StoredFile) -> Callable[[IO[bytes]], Iterable[bytes]]:
    """Stored file -> plain chunks for ``stored``; unwraps the file key now, so that an erased
    file raises FileErased before anything is streamed."""
    if stored.wrapping_key_id is None or stored.wrapping_key_version is None:
        # Stored before encryption at rest (see docs/keys.md): served as it is.
        return lambda handle: iter(lambda: handle.read(CHUNK_SIZE), b"")
    key = filekeys.open_file_key(
        company_id=stored.company_id, file_id=stored.pk,
        key=filekeys.WrappedFileKey(
            bytes(stored.wrapped_key), stored.wrapping_key_id, stored.wrapping_key_version
        ),
    )
    context = filekeys.file_context(stored.company_id, stored.pk)
    return lambda handle: streams.open_stream(key, streams.sealed_pieces(handle), context=context)


class _ChunkReader(io.RawIOBase):
    """A read-only file over an iterator of chunks, so a storage backend can pull from it."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            try:
                self._pending = memoryview(next(self._chunks))
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
    """The plain bytes of ``stored``, chunk by chunk. Raises FileErased at once if its key has
    been destroyed; raises :class:`IntegrityError` (after logging it) as soon as the stored
    bytes fail to open, and at the end if size or SHA-256 differ."""
    return _read(stored, _opener(stored))


def _read(stored: StoredFile, opener: Callable[[IO[bytes]], Iterable[bytes]]) -> Iterator[bytes]:
    digest = hashlib.sha256()
    size = 0
    handle = file_storage().open(stored.storage_name, "rb")
    try:
        for chunk in opener(handle):
            digest.update(chunk)
            size += len(chunk)
            yield chunk
    except DecryptionFailed as error:
        logger.error("stored file %s does not open: %s", stored.pk, error)
        raise IntegrityError(f"stored file {stored.pk} does not open: {error}") from error
    finally:
        handle.close()
    if size != stored.size or digest.hexdigest() != stored.sha256:
        logger.error("stored file %s fails its integrity check", stored.pk)
        raise IntegrityError(f"stored file {stored.pk} fails its integrity check")


def delete(storage_name: str) -> None:
    """Remove stored bytes (missing ones are fine: deleting twice is harmless)."""
    file_storage().delete(storage_name)
