"""Ciphertext formats. AES-256-GCM with random 96-bit nonces throughout (``cryptography``).

Field values (``EncryptedTextField``) are stored as text tokens::

    sr1.<base64url without padding of: key id (8 bytes) | version (4) | nonce (12) | ciphertext+tag>

``sr1`` is the format version; key id and version (big-endian) name the data key, Tink style,
so a reader finds the key without trying any. The associated data binds the ciphertext to its
place: the format, the key id and version, and the company, record type, record id and field.
A token copied to another row, field or company does not decrypt.

Wrapped keys (a data key under a company key, a company key under the root key) are
``nonce | ciphertext+tag`` with associated data naming the wrapped key and its owner.
"""

from __future__ import annotations

import binascii
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from strongroom.platform.keys.errors import DecryptionFailed

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
FIELD_FORMAT = "sr1"
FIELD_PREFIX = FIELD_FORMAT + "."
HEADER = struct.Struct(">QI")  # key id, key version
_HEADER_CHARS = 16  # base64 of the 12 header bytes, no padding needed
_FIELD_AAD = b"strongroom:field:v1\x00"
_SEP = b"\x1f"


_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")
_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")


def _b64(raw: bytes) -> str:
    """base64url without padding (``binascii`` directly: the field path is hot)."""
    return binascii.b2a_base64(raw, newline=False).translate(_TO_URLSAFE).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    """The inverse of :func:`_b64`, strict: any character outside the alphabet is an error."""
    padded = text.encode("ascii").translate(_FROM_URLSAFE) + b"=" * (-len(text) % 4)
    return binascii.a2b_base64(padded, strict_mode=True)


def new_key() -> bytes:
    """Fresh key material for a data or company key."""
    return AESGCM.generate_key(bit_length=256)


def field_context(company_id: int, record_type: str, record_id: str, field: str) -> bytes:
    """What a field value is bound to: company, record type, record id and field name."""
    return _SEP.join((str(company_id).encode(), record_type.encode(), record_id.encode(),
                      field.encode()))


def is_token(value: str) -> bool:
    """Whether ``value`` looks like a field token (not whether it decrypts)."""
    return value.startswith(FIELD_PREFIX)


def token_key(token: str) -> tuple[int, int]:
    """The (key id, version) a token names; DecryptionFailed for a malformed token."""
    if not token.startswith(FIELD_PREFIX) or len(token) < len(FIELD_PREFIX) + _HEADER_CHARS:
        raise DecryptionFailed("not an encrypted value (no sr1 token)")
    try:
        head = _unb64(token[len(FIELD_PREFIX): len(FIELD_PREFIX) + _HEADER_CHARS])
    except (binascii.Error, ValueError):
        raise DecryptionFailed("malformed encrypted value") from None
    key_id, version = HEADER.unpack(head)
    return key_id, version


def seal_field(aead: AESGCM, key_id: int, version: int, plaintext: str, context: bytes) -> str:
    """Encrypt ``plaintext`` into a token bound to ``context``."""
    header = HEADER.pack(key_id, version)
    nonce = os.urandom(NONCE_BYTES)
    sealed = aead.encrypt(nonce, plaintext.encode(), _FIELD_AAD + header + _SEP + context)
    return FIELD_PREFIX + _b64(header + nonce + sealed)


def decode_field(token: str) -> tuple[int, int, bytes]:
    """Split a token into (key id, version, raw bytes); DecryptionFailed if malformed."""
    if not token.startswith(FIELD_PREFIX):
        raise DecryptionFailed("not an encrypted value (no sr1 token)")
    try:
        raw = _unb64(token[len(FIELD_PREFIX):])
    except (binascii.Error, ValueError):
        raise DecryptionFailed("malformed encrypted value") from None
    if len(raw) < HEADER.size + NONCE_BYTES + TAG_BYTES:
        raise DecryptionFailed("truncated encrypted value")
    key_id, version = HEADER.unpack_from(raw)
    return key_id, version, raw


def open_field(aead: AESGCM, raw: bytes, context: bytes) -> str:
    """Decrypt a decoded token; DecryptionFailed if altered, moved or under another key."""
    header = raw[: HEADER.size]
    nonce = raw[HEADER.size: HEADER.size + NONCE_BYTES]
    try:
        plain = aead.decrypt(
            nonce, raw[HEADER.size + NONCE_BYTES:], _FIELD_AAD + header + _SEP + context
        )
    except InvalidTag:
        raise DecryptionFailed(
            "encrypted value does not belong here: altered, or moved from another record or field"
        ) from None
    return plain.decode()


def wrap(aead: AESGCM, material: bytes, associated: bytes) -> bytes:
    """Encrypt key material under a key-encryption key."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + aead.encrypt(nonce, material, associated)


def unwrap(aead: AESGCM, wrapped: bytes, associated: bytes) -> bytes:
    """Decrypt wrapped key material; DecryptionFailed if it does not open."""
    try:
        return aead.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], associated)
    except InvalidTag:
        raise DecryptionFailed("wrapped key does not open under its key-encryption key") from None


def data_key_context(company_id: int, key_id: int, version: int) -> bytes:
    """Associated data of a wrapped data key."""
    return b"strongroom:data-key:v1\x00" + _SEP.join(
        (str(company_id).encode(), HEADER.pack(key_id, version))
    )


def company_key_context(company_id: int, version: int) -> bytes:
    """Context of a company key wrapped by the root key."""
    return b"company-key\x00" + _SEP.join((str(company_id).encode(), str(version).encode()))
