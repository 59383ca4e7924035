"""Permissions of history and the access log."""

from strongroom.platform.access.permissions import ADMIN, READ, register

ACCESS_LOG_VIEW = register(
    "access_log.view", "See who read which records (access log)", kind=READ, roles=(ADMIN,)
).name
