"""A Strongroom instance served by the real ``strongroom serve`` (gunicorn, several workers)
in a process group of its own, on the embedded SQLite default, with a metrics token."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from strongroom.platform.backups.ports import free_port
from tests.metrics.conftest import TOKEN


def environment(data_dir: Path) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith("STRONGROOM_")
        and key not in ("DJANGO_SETTINGS_MODULE", "PROMETHEUS_MULTIPROC_DIR")
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "strongroom.project.settings",
        "STRONGROOM_DATA_DIR": str(data_dir),
        "STRONGROOM_BACKUP_ENABLED": "false",
        "STRONGROOM_METRICS_TOKEN": TOKEN,
    })
    return env


def migrated(data_dir: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "strongroom.project.cli", "migrate", "--no-input"],
        env=environment(data_dir), check=True, capture_output=True, timeout=300,
    )
    return data_dir


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    data_dir: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def metrics_dir(self) -> Path:
        return self.data_dir / "run" / f"metrics-{self.port}"

    def get(self, path: str, token: str | None = None) -> tuple[int, str]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        request = urllib.request.Request(self.url + path, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get_status(self, path: str) -> int:
        try:
            return self.get(path)[0]
        except OSError:
            return 0

    def stop(self) -> None:
        """SIGTERM to ``serve`` (it stops gunicorn), then SIGKILL to what is left of its
        process group."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def kill(self) -> None:
        """The whole instance dies at once (SIGKILL to its process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@contextlib.contextmanager
def served(template: Path, work: Path, *, workers: int = 2) -> Iterator[Served]:
    """A copy of the migrated data directory ``template``, served until the block ends."""
    data_dir = work / "data"
    shutil.copytree(template, data_dir)
    port, log = free_port(), work / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - this interpreter, our own CLI
            [sys.executable, "-m", "strongroom.project.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(workers), "--no-worker"],
            env=environment(data_dir), stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    instance = Served(process, port, data_dir, log)
    try:
        deadline = time.monotonic() + 60
        while instance.get_status("/healthz") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"strongroom serve did not start: {log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield instance
    finally:
        instance.stop()
