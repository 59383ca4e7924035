"""Background processes of the local stack: each in a session of its own (so that its whole
process group can be stopped), its output in a log file, waited for by its port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from strongroom.platform.backups.ports import free_port

__all__ = [
    "Process",
    "StackError",
    "free_port",
    "free_ports",
    "port_open",
    "spawn",
    "stop",
    "wait_for_port",
    "wait_http_ok",
]


class StackError(RuntimeError):
    """The stack could not be started, or a process of it misbehaved."""


@dataclass
class Process:
    """One running process of the stack, as recorded in stack.json."""

    role: str
    pid: int
    port: int
    log: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return not _is_zombie(self.pid)

    def log_tail(self, size: int = 3000) -> str:
        try:
            return Path(self.log).read_text(errors="replace")[-size:]
        except OSError:
            return ""


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] == "Z"


def spawn(
    *, role: str, argv: Sequence[str], port: int, log: Path, env: Mapping[str, str],
    cwd: Path | None = None, user: str | None = None,
) -> Process:
    """Start ``argv`` in a new session with its output appended to ``log``; as the OS
    ``user`` if given (and we are root)."""
    as_user: dict[str, Any] = {}
    if user and os.geteuid() == 0:
        as_user = {"user": user, "group": user, "extra_groups": []}
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:
        child = subprocess.Popen(  # noqa: S603 - argv lists built by the stack
            list(argv), env=dict(env), stdout=output, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, cwd=str(cwd or "/"), **as_user,
        )
    return Process(role=role, pid=child.pid, port=port, log=str(log))


def wait_http_ok(process: Process, url: str, *, seconds: float, timeout: float = 10) -> None:
    """Until ``url`` (served by ``process``) answers 200; StackError with its log when the
    process dies or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - ours
                if answer.status == 200:
                    return
        except OSError:
            pass
        if not process.alive() or time.monotonic() > deadline:
            raise StackError(f"{process.role} not ready: {process.log_tail()}")
        time.sleep(0.3)


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive free ports below 32768 (the app instances')."""
    for _ in range(200):
        first = free_port()
        if first + count < 32768 and all(_free(first + n) for n in range(1, count)):
            return first
    raise StackError(f"no {count} consecutive free ports below 32768")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for_port(process: Process, *, seconds: float = 60) -> None:
    """Until ``process`` listens on its port; a StackError if it exits or time is up."""
    deadline = time.monotonic() + seconds
    while not port_open(process.port):
        if not process.alive():
            raise StackError(f"{process.role} exited: {process.log_tail()}")
        if time.monotonic() > deadline:
            raise StackError(f"{process.role} not listening on {process.port}: "
                             f"{process.log_tail()}")
        time.sleep(0.2)


def signal_group(process: Process, signum: int) -> None:
    """Send ``signum`` to the process group (session) ``process`` leads, and to the process
    itself (a server that its parent daemonized leads no group)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(process.pid, signum)
    _reap(process.pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _group_alive(pgid: int) -> bool:
    if Path(f"/proc/{pgid}").exists() and not _is_zombie(pgid):
        return True
    return any(_in_group(entry, pgid) for entry in Path("/proc").iterdir() if entry.name.isdigit())


def _in_group(entry: Path, pgid: int) -> bool:
    try:
        fields = (entry / "stat").read_text().rpartition(")")[2].split()
    except OSError:
        return False
    return int(fields[2]) == pgid and fields[0] != "Z"


def stop(process: Process, *, grace: float = 30) -> None:
    """SIGTERM to the process (it stops its children in its own way: Patroni its PostgreSQL,
    ``serve`` drains first), SIGKILL to its whole group after ``grace`` seconds; then wait until
    its port is closed."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while process.alive() and time.monotonic() < deadline:
        _reap(process.pid)
        time.sleep(0.1)
    signal_group(process, signal.SIGKILL)
    deadline = time.monotonic() + 15
    while (_group_alive(process.pid) or (process.port and port_open(process.port))) and (
        time.monotonic() < deadline
    ):
        _reap(process.pid)
        time.sleep(0.1)


def kill9(process: Process) -> None:
    """SIGKILL the whole process group at once (a crash of the machine's service)."""
    signal_group(process, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _group_alive(process.pid) and time.monotonic() < deadline:
        _reap(process.pid)
        time.sleep(0.05)
