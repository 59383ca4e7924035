"""Permissions of the key store: platform powers, never a way to read data (P-C3, P-C4)."""

from strongroom.platform.access.permissions import WRITE, Scope, register

KEYS_ROTATE = register(
    "platform.keys", "Rotate and retire encryption keys (never read data)", kind=WRITE,
    scope=Scope.PLATFORM,
).name
KEYS_ERASE = register(
    "platform.keys_erase", "Destroy the keys of erased persons (the erasure sweep)",
    kind=WRITE, scope=Scope.PLATFORM,
).name
