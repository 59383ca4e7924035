"""P-F5: a stopping instance leaves the proxy's rotation first and lets requests in flight finish.

A real ``strongroom serve`` (gunicorn) on the embedded SQLite default gets SIGTERM while a
request is in flight: ``/readyz`` answers 503 ("shutting down") for STRONGROOM_DRAIN_SECONDS
while the instance still serves; then gunicorn stops, but the request in flight still gets its
answer before the process exits."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from strongroom.platform.backups.ports import free_port
from tests.backups.installation import Installation


def get(port: int, path: str) -> tuple[int, dict[str, object]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def wait_until(condition: object, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.sqlite_only
def test_sigterm_drains_then_stops_gracefully(tmp_path: Path) -> None:
    installation = Installation(data_dir=tmp_path / "data", locations={})
    env = installation.env(STRONGROOM_BACKUP_ENABLED="false", STRONGROOM_DRAIN_SECONDS="2")
    subprocess.run(
        [sys.executable, "-m", "strongroom.project.cli", "migrate", "--no-input", "-v0"],
        env=env, check=True, timeout=300,
    )
    port = free_port()
    serve = subprocess.Popen(  # noqa: S603 - the project.s own CLI
        [sys.executable, "-m", "strongroom.project.cli", "serve", "--no-worker",
         "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_until(lambda: get(port, "/readyz")[0] == 200, timeout=60, what="readiness")
        in_flight = socket.create_connection(("127.0.0.1", port), timeout=10)
        in_flight.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers unfinished
        time.sleep(0.3)
        stopped_at = time.monotonic()
        serve.send_signal(signal.SIGTERM)

        wait_until(lambda: get(port, "/readyz")[0] == 503, timeout=1.5, what="503 on /readyz")
        assert get(port, "/readyz")[1]["failing"] == {
            "draining": "this instance is shutting down"
        }
        assert get(port, "/healthz")[0] == 200  # still serving while it drains

        time.sleep(max(0.0, stopped_at + 3 - time.monotonic()))  # gunicorn has its SIGTERM
        assert serve.poll() is None  # waiting for the request in flight
        in_flight.sendall(b"Connection: close\r\n\r\n")
        answer = in_flight.recv(4096)
        in_flight.close()
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]

        assert serve.wait(timeout=45) == 0
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=1)
        assert not (installation.data_dir / "run" / f"serve-{port}.draining").exists()
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
