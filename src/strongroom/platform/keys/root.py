"""The root of the key hierarchy: a provider that wraps and unwraps company keys.

The root key never enters a database. :class:`RootKeyProvider` is the interface; the local
keyring (:class:`LocalKeyring`, from ``STRONGROOM_ROOT_KEY`` or a file) implements it, and a KMS
or Vault transit backend can too (``STRONGROOM_ROOT_KEY_PROVIDER=dotted.path.ToClass``): it
only needs to encrypt and decrypt 32-byte keys with associated data under numbered versions.
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from strongroom.platform.keys import keyring
from strongroom.platform.keys.errors import DecryptionFailed, RootKeyMissing

NONCE_BYTES = 12
WRAP_INFO = b"strongroom:root-wrap:v1"
CONTEXT_PREFIX = b"strongroom:root:v1\x00"


class RootKeyProvider(ABC):
    """Wraps (encrypts) and unwraps key material under numbered root key versions."""

    @property
    @abstractmethod
    def description(self) -> str:
        """Where the root key lives, for messages (never the key itself)."""

    @abstractmethod
    def versions(self) -> list[int]:
        """The versions this provider can unwrap with, oldest first."""

    def current_version(self) -> int:
        """The version new wraps use: the newest."""
        return max(self.versions())

    @abstractmethod
    def wrap(
        self, plaintext: bytes, *, context: bytes, version: int | None = None
    ) -> tuple[int, bytes]:
        """Encrypt ``plaintext`` bound to ``context`` under ``version`` (default: current)."""

    @abstractmethod
    def unwrap(self, version: int, wrapped: bytes, *, context: bytes) -> bytes:
        """Decrypt; RootKeyMissing for an unknown version, DecryptionFailed for a wrong key."""

    @property
    def can_add_versions(self) -> bool:
        """Whether :meth:`add_version` works (else the operator adds versions)."""
        return False

    def add_version(self) -> int:
        """Create a new, newest version and return its number."""
        raise ImproperlyConfigured(f"{self.description}: add a new root key version yourself")

    def remove_version(self, version: int) -> None:
        """Forget ``version`` (after no company key is wrapped under it any more)."""
        raise ImproperlyConfigured(f"{self.description}: remove version {version} yourself")

    def refresh(self) -> None:
        """Pick up versions added or removed elsewhere (another process, the operator)."""
        return None


class LocalKeyring(RootKeyProvider):
    """Root keys from a keyring in the environment or a file (platform/keys/keyring.py).

    Each version's key is not used directly: an AES-256-GCM wrapping key is derived from it
    with HKDF-SHA256. A file keyring is read again when a version it lacks is asked for, so
    processes pick up a version another process (or the operator) added.
    """

    def __init__(self, source: keyring.KeyringSource) -> None:
        self.source = source
        self._lock = threading.Lock()
        self._keys: dict[int, AESGCM] = {}
        self._loaded_stamp: tuple[int, int] | None = None
        self._load()

    @property
    def description(self) -> str:
        return self.source.description

    def _load(self) -> None:
        stamp = self._stamp()
        entries = self.source.read()
        derived = {version: AESGCM(_derive(material)) for version, material in entries.items()}
        with self._lock:
            self._keys = derived
            self._loaded_stamp = stamp

    def _stamp(self) -> tuple[int, int] | None:
        """The keyring file's modification time and size (None for an inline keyring)."""
        if self.source.path is None:
            return None
        try:
            info = self.source.path.stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def refresh(self) -> None:
        """Read a keyring file again if it changed (a version added or removed elsewhere)."""
        if self.source.path is not None and self._stamp() != self._loaded_stamp:
            self._load()

    def versions(self) -> list[int]:
        return sorted(self._keys)

    def wrap(
        self, plaintext: bytes, *, context: bytes, version: int | None = None
    ) -> tuple[int, bytes]:
        if version is None:
            self.refresh()  # new company keys go under the newest version, wherever added
            version = self.current_version()
        if version not in self._keys:
            raise RootKeyMissing(version, self.description)
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[version].encrypt(nonce, plaintext, CONTEXT_PREFIX + context)
        return version, nonce + sealed

    def unwrap(self, version: int, wrapped: bytes, *, context: bytes) -> bytes:
        key = self._keys.get(version)
        if key is None and self.source.path is not None:
            self._load()
            key = self._keys.get(version)
        if key is None:
            raise RootKeyMissing(version, self.description)
        try:
            return key.decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], CONTEXT_PREFIX + context
            )
        except InvalidTag:
            raise DecryptionFailed(
                f"root key version {version} from {self.description} does not open this "
                "wrapped key: wrong root key, or a key store of another installation"
            ) from None

    @property
    def can_add_versions(self) -> bool:
        return self.source.can_add_versions

    def add_version(self) -> int:
        version = keyring.append_version(self.source)
        self._load()
        return version

    def remove_version(self, version: int) -> None:
        keyring.remove_version(self.source, version)
        self._load()


def _derive(material: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=WRAP_INFO).derive(material)


@cache
def provider() -> RootKeyProvider:
    """The configured root key provider (one per process)."""
    name = settings.STRONGROOM_ROOT_KEY_PROVIDER
    if name == "local":
        source = settings.STRONGROOM_ROOT_KEYRING
        if source is None:
            raise ImproperlyConfigured("no root keyring is configured")
        return LocalKeyring(source)
    try:
        cls = import_string(name)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"STRONGROOM_ROOT_KEY_PROVIDER: cannot import {name}: {exc}"
        ) from None
    instance = cls()
    if not isinstance(instance, RootKeyProvider):
        raise ImproperlyConfigured(f"STRONGROOM_ROOT_KEY_PROVIDER: {name} is no RootKeyProvider")
    return instance
