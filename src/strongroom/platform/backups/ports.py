"""Ports for throwaway servers (a drill's cluster, the tests' and benchmarks' servers)."""

from __future__ import annotations

import random
import socket

from strongroom.platform.backups.errors import BackupError


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on, below 32768: the kernel hands out the
    ports above as the local ends of outgoing connections, which a server there collides with."""
    for _ in range(200):
        port = random.randint(20000, 32000)  # noqa: S311 - not a secret
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise BackupError("no free port below 32768 on 127.0.0.1")
