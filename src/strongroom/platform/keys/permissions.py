"""Permissions of the key store."""

from strongroom.platform.access.permissions import WRITE, Scope, register

KEYS_ERASE = register(
    "platform.keys_erase", "Destroy the keys of erased persons (the erasure sweep)",
    kind=WRITE, scope=Scope.PLATFORM,
).name
