"""What can go wrong with keys and ciphertexts. Each fails loudly: nothing is guessed."""

from __future__ import annotations


class KeyStoreError(Exception):
    """Base of the key store's errors."""


class DecryptionFailed(KeyStoreError):
    """A ciphertext does not open: altered, moved to another row or field, or a wrong key."""


class KeyNotFound(KeyStoreError):
    """A ciphertext names a key the key store does not hold (nor ever destroyed)."""


class KeyRetired(KeyNotFound):
    """A company key version was retired after rotation: whatever it wrapped was rewrapped."""


class RotationRefused(KeyStoreError):
    """A rotation step cannot be done now (the message says what the operator can do)."""


class KeyDestroyed(KeyStoreError):
    """Something was to be encrypted under a key that has been destroyed (crypto-shredded)."""


class RootKeyMissing(KeyStoreError):
    """A root key version is needed that the root key provider does not have."""

    def __init__(self, version: int, where: str) -> None:
        super().__init__(f"root key version {version} is not in {where}")
        self.version = version


class KeyStoreUnavailable(KeyStoreError):
    """The key store cannot be used (not migrated, wrong root key): start-up must stop."""


class FileErased(KeyDestroyed):
    """A stored file was to be read whose key has been destroyed: the file is erased."""
