#!/usr/bin/env python3
"""Find or start a Redis server for the test suite and print its URL.

Order: STRONGROOM_TEST_REDIS_URL if set; else a server on 127.0.0.1:6379 if one answers; else a
throwaway server on port 56379 from the machine's redis-server (installed with apt when missing
and running as root). ``testredis.py stop`` stops a throwaway server again.
Standard library only: it runs before the virtualenv exists.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from debian_packages import install_debian_packages

STATE = Path(tempfile.gettempdir()) / "strongroom-testredis"
PORT = 56379


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def ensure_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    install_debian_packages("testredis", "redis-server")
    return shutil.which("redis-server") or sys.exit("testredis: redis-server not found")


def start() -> str:
    url = f"redis://127.0.0.1:{PORT}/0"
    if answers(PORT):
        return url
    binary = ensure_binary()
    shutil.rmtree(STATE, ignore_errors=True)
    STATE.mkdir(parents=True)
    print(f"testredis: starting a throwaway server on 127.0.0.1:{PORT}", file=sys.stderr)
    subprocess.run(
        [binary, "--port", str(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--daemonize", "yes", "--dir", str(STATE), "--pidfile", str(STATE / "pid"),
         "--logfile", str(STATE / "log")],
        check=True,
    )
    (STATE / "owned").write_text("1")
    for _ in range(50):
        if answers(PORT):
            break
        time.sleep(0.1)
    return url


def stop() -> None:
    pidfile = STATE / "pid"
    if (STATE / "owned").exists() and pidfile.exists():
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pidfile.read_text().strip()), 15)
    shutil.rmtree(STATE, ignore_errors=True)


def main() -> None:
    if sys.argv[1:] == ["stop"]:
        stop()
        return
    given = os.environ.get("STRONGROOM_TEST_REDIS_URL", "").strip()
    if given:
        print(given)
    elif answers(6379):
        print("redis://127.0.0.1:6379/15")
    else:
        print(start())


if __name__ == "__main__":
    main()
