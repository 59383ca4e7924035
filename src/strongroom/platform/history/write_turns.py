"""Writers to the embedded SQLite database take turns on a file lock before ``BEGIN IMMEDIATE``.

SQLite lets one writer in at a time. The others wait in its busy handler, which sleeps between
tries for longer and longer (1, 2, 5, 10 ms... then 100 ms a try), so a writer that has waited a
while sleeps through the moments the lock is free while newcomers take it: under 16 concurrent
writers the slowest waited most of a second. An action (and the API's enclosing transaction)
first takes an exclusive ``flock`` on a file beside the database, polled every 0.5-2 ms, so a
waiting writer gets in within a couple of milliseconds of the lock being released. The lock is
released when the transaction has ended (the kernel releases it too when a process dies). After
the database's own busy timeout the writer stops waiting here and leaves it to SQLite, as
before. PostgreSQL needs none of this: its row locks queue.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

_FIRST_PAUSE, _LONGEST_PAUSE = 0.0005, 0.002
# Lock file descriptors, per thread (a flock is shared by whoever shares its open file) and per
# process (a forked process opens its own).
_FILES = threading.local()


def _descriptor(path: str) -> int:
    files: dict[tuple[int, str], int] = _FILES.__dict__.setdefault("by_path", {})
    key = (os.getpid(), path)
    if key not in files:
        files[key] = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    return files[key]


def lock_path(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """The lock file of the database ``alias``; None when it is not an SQLite file."""
    connection = connections[alias]
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or name.startswith("file:"):
        return None
    return f"{Path(name)}.writers"


@contextmanager
def writer_turn(alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Wait for this process's turn to write to the SQLite database ``alias`` (nothing to do on
    PostgreSQL, or inside a transaction, which already holds the database)."""
    connection = connections[alias]
    path = None if connection.in_atomic_block else lock_path(alias)
    if path is None:
        yield
        return
    fd = _descriptor(path)
    timeout = float(connection.settings_dict["OPTIONS"].get("timeout", 5))
    deadline, pause, held = time.monotonic() + timeout, _FIRST_PAUSE, False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = True
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                break  # SQLite's own busy timeout decides from here
            time.sleep(pause)
            pause = min(pause * 2, _LONGEST_PAUSE)
    try:
        yield
    finally:
        if held:
            fcntl.flock(fd, fcntl.LOCK_UN)
