#!/usr/bin/env python3
"""Find or start a PostgreSQL server for the test suite and print its URL.

Order: STRONGROOM_TEST_DATABASE_URL if set; else a server on 127.0.0.1:5432 if one answers;
else a throwaway cluster started from the machine's PostgreSQL binaries (installed with apt
when missing and running as root). ``testdb.py stop`` stops a throwaway cluster again.
Standard library only: it runs before the virtualenv exists.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from debian_packages import install_debian_packages

STATE = Path(tempfile.gettempdir()) / "strongroom-testdb"
PORT = 55432


def log(message: str) -> None:
    print(f"testdb: {message}", file=sys.stderr)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def pg_bin(name: str) -> str | None:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = shutil.which(name)
    return candidates[0] if candidates else found


def ensure_binaries() -> None:
    if pg_bin("initdb"):
        return
    install_debian_packages("testdb", "postgresql")


def as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def start_cluster() -> str:
    ensure_binaries()
    data = STATE / "data"
    if port_open("127.0.0.1", PORT):
        return f"postgres://postgres@127.0.0.1:{PORT}/strongroom_test"
    shutil.rmtree(STATE, ignore_errors=True)
    STATE.mkdir(parents=True)
    if os.geteuid() == 0:
        try:
            entry = pwd.getpwnam("postgres")
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
            entry = pwd.getpwnam("postgres")
        os.chown(STATE, entry.pw_uid, entry.pw_gid)
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        sys.exit("testdb: PostgreSQL binaries not found")
    log(f"starting a throwaway cluster on 127.0.0.1:{PORT} in {STATE}")
    subprocess.run(
        as_postgres([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
        check=True, stdout=subprocess.DEVNULL,
    )
    options = f"-p {PORT} -k {STATE} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        as_postgres(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(STATE / "log"), "-w", "start"]
        ),
        check=True, stdout=subprocess.DEVNULL,
    )
    (STATE / "owned").write_text("1")
    for _ in range(50):
        if port_open("127.0.0.1", PORT):
            break
        time.sleep(0.2)
    return f"postgres://postgres@127.0.0.1:{PORT}/strongroom_test"


def stop_cluster() -> None:
    if not (STATE / "owned").exists():
        return
    pg_ctl = pg_bin("pg_ctl")
    if pg_ctl:
        subprocess.run(
            as_postgres([pg_ctl, "-D", str(STATE / "data"), "-m", "fast", "stop"]),
            check=False, stdout=subprocess.DEVNULL,
        )
    shutil.rmtree(STATE, ignore_errors=True)


def main() -> None:
    if sys.argv[1:] == ["stop"]:
        stop_cluster()
        return
    given = os.environ.get("STRONGROOM_TEST_DATABASE_URL", "").strip()
    if given:
        print(given)
    elif port_open("127.0.0.1", 5432):
        print("postgres://postgres@127.0.0.1:5432/strongroom_test")
    else:
        print(start_cluster())


if __name__ == "__main__":
    main()
