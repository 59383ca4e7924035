"""The backup permission: a platform power over copies of the data, never a way to read it."""

from strongroom.platform.access.permissions import WRITE, Scope, register

BACKUPS_RUN = register(
    "platform.backups", "Take, verify, restore and drill backups (never read data)",
    kind=WRITE, scope=Scope.PLATFORM,
).name
