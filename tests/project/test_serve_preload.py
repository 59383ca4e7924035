"""``strongroom serve`` loads the application once, in gunicorn's master, before forking its
workers, and no worker inherits a database connection from the master.

A real instance on the embedded SQLite default with two workers: the master has the application
loaded (cryptography's native module, which gunicorn alone never loads, is mapped in it) and
holds no database file open, so every worker's database connection is its own; the bench's
unique-memory figure (USS) is read from the workers and is below their resident size (pages
shared with the master)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bench import _servers

from strongroom.platform.backups.ports import free_port
from tests.backups.installation import Installation
from tests.project.test_serve_drains import get, wait_until


def _gunicorn_master_and_workers(serve_pid: int) -> tuple[int, list[int]]:
    children = _servers._children()
    masters = [pid for pid in children.get(serve_pid, []) if _servers._is_gunicorn(pid)]
    assert len(masters) == 1, masters
    return masters[0], sorted(children.get(masters[0], []))


def _open_files(pid: int) -> list[str]:
    names = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            names.append(os.readlink(fd))
        except OSError:
            continue
    return names


def _databases(pid: int, data_dir: Path) -> set[str]:
    return {
        name for name in _open_files(pid)
        if name.startswith(str(data_dir)) and ".sqlite3" in name
    }


@pytest.mark.sqlite_only
def test_workers_fork_from_a_preloaded_master_without_its_connections(tmp_path: Path) -> None:
    installation = Installation(data_dir=tmp_path / "data", locations={})
    env = installation.env(STRONGROOM_BACKUP_ENABLED="false")
    subprocess.run(
        [sys.executable, "-m", "strongroom.project.cli", "migrate", "--no-input", "-v0"],
        env=env, check=True, timeout=300,
    )
    port = free_port()
    serve = subprocess.Popen(  # noqa: S603 - the project's own CLI
        [sys.executable, "-m", "strongroom.project.cli", "serve", "--no-worker",
         "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_until(lambda: get(port, "/readyz")[0] == 200, timeout=60, what="readiness")
        wait_until(lambda: len(_gunicorn_master_and_workers(serve.pid)[1]) == 2, timeout=30,
                   what="both workers")
        master = _gunicorn_master_and_workers(serve.pid)[0]
        maps = Path(f"/proc/{master}/maps").read_text()
        assert "cryptography" in maps  # the application was loaded in the master
        for _ in range(20):  # the workers answer, each on connections it opened itself
            assert get(port, "/readyz")[0] == 200
        assert _databases(master, installation.data_dir) == set()

        resident, unique = _servers.worker_memory(serve.pid)
        assert 0 < unique < resident  # the workers share the master's pages
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
                serve.wait()
