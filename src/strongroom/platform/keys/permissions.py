"""Permissions of the key store: rotating and retiring keys is a platform power (P-C3)."""

from strongroom.platform.access.permissions import WRITE, Scope, register

KEYS_ROTATE = register(
    "platform.keys", "Rotate and retire encryption keys (never read data)", kind=WRITE,
    scope=Scope.PLATFORM,
).name
