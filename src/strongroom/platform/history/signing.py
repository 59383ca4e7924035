"""The audit signing key: Ed25519, separate from every other secret (P-D2).

The key is derived (HKDF-SHA256) from ``STRONGROOM_AUDIT_SIGNING_KEY`` (or the file named by
``STRONGROOM_AUDIT_SIGNING_KEY_FILE``; generated under ``<data dir>/secrets`` in development,
required in production). Checkpoints name their key by ``key_id``, the SHA-256 of the raw
public key, so that after a rotation the old public keys, listed in
``STRONGROOM_AUDIT_PUBLIC_KEYS``, still verify the checkpoints they signed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from functools import cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

HKDF_INFO = b"strongroom:audit-signing:v1"


def derive_private_key(secret: str) -> Ed25519PrivateKey:
    """The Ed25519 key for a configured secret (the same secret always gives the same key)."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        secret.encode()
    )
    return Ed25519PrivateKey.from_private_bytes(seed)


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def encode_public(key: Ed25519PublicKey) -> str:
    """A public key as operators copy it: base64 of its 32 raw bytes."""
    return base64.b64encode(raw_public(key)).decode()


def key_id(key: Ed25519PublicKey) -> str:
    """SHA-256 (hex) of the raw public key."""
    return hashlib.sha256(raw_public(key)).hexdigest()


def parse_public_keys(values: list[str]) -> list[Ed25519PublicKey]:
    """Public keys given as base64 of 32 raw bytes; ValueError names a malformed one."""
    keys = []
    for value in values:
        try:
            raw = base64.b64decode(value.strip(), validate=True)
            if len(raw) != 32:
                raise ValueError
            keys.append(Ed25519PublicKey.from_public_bytes(raw))
        except (ValueError, binascii.Error):
            raise ValueError(
                f"{value[:12]!r}... is not an Ed25519 public key (base64 of 32 bytes)"
            ) from None
    return keys


@cache
def _signing_key(secret: str) -> Ed25519PrivateKey:
    return derive_private_key(secret)


def signing_key() -> Ed25519PrivateKey:
    """The current signing key."""
    return _signing_key(settings.STRONGROOM_AUDIT_SIGNING_KEY)


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Every public key checkpoints may be signed with, by key id: the current and earlier."""
    current = signing_key().public_key()
    earlier = parse_public_keys(list(getattr(settings, "STRONGROOM_AUDIT_PUBLIC_KEYS", [])))
    return {key_id(key): key for key in [current, *earlier]}


def sign(message: bytes) -> tuple[str, str]:
    """(key id, base64 signature) of ``message`` under the current key."""
    key = signing_key()
    return key_id(key.public_key()), base64.b64encode(key.sign(message)).decode()


def verify(key: str, message: bytes, signature: str) -> bool:
    """Whether ``signature`` is a valid signature of ``message`` by the known key ``key``."""
    public = public_keys().get(key)
    if public is None:
        return False
    try:
        public.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
