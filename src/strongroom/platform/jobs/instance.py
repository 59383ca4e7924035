"""Which process this is, as recorded in run records (host:pid)."""

from __future__ import annotations

import os
import socket


def instance_name() -> str:
    """``host:pid``, at most 64 characters (the task worker's limit for ids)."""
    return f"{socket.gethostname()}:{os.getpid()}"[-64:]
