"""Per-file data keys: a fresh 256-bit key for every stored file, kept wrapped with its row.

The file key is wrapped (AES-256-GCM) under the data key of the person the file is about
(``subject``, e.g. ``"contact:<uuid>"``), or under the company's data key; the row records that
key's id and version. The associated data names the purpose, the company and the file, so a
wrapped key copied to another file's row does not open. Destroying the subject's key (erasure)
therefore makes the file unreadable: :func:`open_file_key` raises :class:`FileErased`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from strongroom.platform.keys import crypto, store
from strongroom.platform.keys.errors import FileErased
from strongroom.platform.keys.models import Purpose
from strongroom.platform.keys.values import SUBJECT_MAX_LENGTH

_WRAP_DOMAIN = b"strongroom:file-key:v1\x00"
_SEP = b"\x1f"


@dataclass(frozen=True)
class WrappedFileKey:
    """A file key as stored with the file: wrapped, and the data key that wraps it."""

    wrapped: bytes
    key_id: int
    key_version: int


def file_context(company_id: int, file_id: uuid.UUID | str) -> bytes:
    """What a file's sealed stream is bound to: its company and its id."""
    return _SEP.join((str(company_id).encode(), str(file_id).encode()))


def _wrap_context(company_id: int, file_id: uuid.UUID | str, key_id: int, version: int) -> bytes:
    return _WRAP_DOMAIN + file_context(company_id, file_id) + _SEP + crypto.HEADER.pack(
        key_id, version
    )


def new_file_key(
    *, company_id: int, file_id: uuid.UUID | str, subject: str = ""
) -> tuple[bytes, WrappedFileKey]:
    """A fresh file key and its wrapped form, under ``subject``'s data key (else the company
    data key). KeyDestroyed if that person's or company's key has been destroyed."""
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ValueError(f"an encryption subject has at most {SUBJECT_MAX_LENGTH} characters")
    if subject:
        data_key = store.encryption_key(company_id, Purpose.SUBJECT, subject)
    else:
        data_key = store.encryption_key(company_id, Purpose.COMPANY)
    material = crypto.new_key()
    wrapped = crypto.wrap(
        data_key.aead, material,
        _wrap_context(company_id, file_id, data_key.key_id, data_key.version),
    )
    return material, WrappedFileKey(wrapped, data_key.key_id, data_key.version)


def open_file_key(*, company_id: int, file_id: uuid.UUID | str, key: WrappedFileKey) -> bytes:
    """The file key; FileErased once its wrapping key has been destroyed, DecryptionFailed if
    the wrapped key was altered or belongs to another file, KeyNotFound for an unknown key."""
    data_key = store.decryption_key(key.key_id, key.key_version, company_id=company_id)
    if data_key is None:
        raise FileErased(f"the key of file {file_id} has been destroyed: the file is erased")
    return crypto.unwrap(
        data_key.aead, key.wrapped,
        _wrap_context(company_id, file_id, key.key_id, key.key_version),
    )
