"""The local stack's process handling: whole process groups stopped, ports waited for, a
process that dies early reported with its log."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from strongroom.deploy.stack import processes

SERVER = (
    "import socket, subprocess, sys, time\n"
    "child = subprocess.Popen(['sleep', '300'])\n"
    "print(child.pid, flush=True)\n"
    "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
    "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\n"
    "time.sleep(300)\n"
)


def start(tmp_path: Path, *, code: str = SERVER) -> processes.Process:
    port = processes.free_port()
    return processes.spawn(
        role="server", argv=[sys.executable, "-c", code, str(port)], port=port,
        log=tmp_path / "server.log", env=dict(os.environ),
    )


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and processes.Process("x", pid, 0, "").alive()


def test_stop_ends_the_whole_group_and_frees_the_port(tmp_path: Path) -> None:
    server = start(tmp_path)
    try:
        processes.wait_for_port(server, seconds=30)
        grandchild = int(Path(server.log).read_text().split()[0])
        assert alive(grandchild)
    finally:
        processes.stop(server, grace=5)
    assert not server.alive()
    assert not alive(grandchild)
    assert not processes.port_open(server.port)


def test_kill9_ends_the_group_at_once(tmp_path: Path) -> None:
    server = start(tmp_path)
    try:
        processes.wait_for_port(server, seconds=30)
        grandchild = int(Path(server.log).read_text().split()[0])
    finally:
        processes.kill9(server)
    assert not server.alive()
    assert not alive(grandchild)


def test_a_process_that_exits_early_is_reported_with_its_log(tmp_path: Path) -> None:
    failing = start(tmp_path, code="import sys; print('cannot bind'); sys.exit(3)")
    with pytest.raises(processes.StackError, match="cannot bind"):
        processes.wait_for_port(failing, seconds=30)


def test_consecutive_free_ports_below_32768() -> None:
    first = processes.free_ports(3)
    assert first > 0
    assert first + 2 < 32768
    assert not any(processes.port_open(first + n) for n in range(3))
