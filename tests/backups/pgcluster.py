"""Throwaway PostgreSQL clusters for the backup tests, run as the ``postgres`` OS user on
127.0.0.1 and a free port below 32768, in a directory of the test's own."""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from tests.backups.servers import free_port

BIN = Path("/usr/lib/postgresql/15/bin")
OS_USER = "postgres"


def postgres_owner() -> tuple[int, int]:
    entry = pwd.getpwnam(OS_USER)
    return entry.pw_uid, entry.pw_gid


def as_postgres(argv: Sequence[str]) -> list[str]:
    if os.geteuid() != 0:
        return list(argv)
    return ["runuser", "-u", OS_USER, "--", *argv]


def postgres_dir(parent: Path, prefix: str = "pg-") -> Path:
    """A fresh directory under ``parent`` (which postgres can reach) that postgres owns."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    if os.geteuid() == 0:
        os.chown(path, *postgres_owner())
    path.chmod(0o750)
    return path


def run_as_postgres(
    argv: Sequence[str], *, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    full_env.update(env or {})
    done = subprocess.run(  # noqa: S603 - argv list
        as_postgres(argv), env=full_env, capture_output=True, text=True, timeout=timeout,
        check=False, cwd="/",
    )
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done


@dataclass
class Cluster:
    """A PostgreSQL 15 cluster in ``home`` (data in ``home/data``, socket in ``home``)."""

    home: Path
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    basebackup_conninfo: str = ""

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def socket_dir(self) -> Path:
        return self.home

    @property
    def log(self) -> Path:
        return self.home / "server.log"

    @classmethod
    def create(
        cls, home: Path, *, fsync: bool = True, settings: Mapping[str, str] | None = None
    ) -> Cluster:
        """initdb a new cluster and append its settings."""
        cluster = cls(home)
        run_as_postgres([
            str(BIN / "initdb"), "-D", str(cluster.data), "-U", OS_USER, "--auth=trust",
            "-E", "UTF8", "--no-sync",
        ])
        base = {"fsync": "on" if fsync else "off", "wal_level": "replica"}
        cluster.append_conf({**base, **dict(settings or {})})
        return cluster

    def append_conf(self, settings: Mapping[str, str], name: str = "postgresql.conf") -> None:
        path = self.data / name
        with path.open("a", encoding="utf-8") as conf:
            for key, value in settings.items():
                quoted = value.replace("'", "''")
                conf.write(f"{key} = '{quoted}'\n")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
        )
        run_as_postgres(
            [str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log),
             "-w", "-t", "120", "start"],
            env=self.env, timeout=180,
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(  # noqa: S603
                as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                             "stop"]),
                capture_output=True, check=False, timeout=60,
            )

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().splitlines()[0])

    def kill9(self) -> int:
        """SIGKILL the postmaster (a crash); its children notice and exit on their own."""
        pid = self.postmaster_pid()
        os.kill(pid, signal.SIGKILL)
        return pid

    def promote(self) -> None:
        run_as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-w", "promote"])

    def connect(self, dbname: str = "postgres", **kwargs: Any) -> psycopg.Connection[Any]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=OS_USER, dbname=dbname, autocommit=True,
            connect_timeout=10, **kwargs,
        )

    def sql(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.connect() as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def wait_ready(self, seconds: float = 60) -> None:
        """Until the server accepts connections and is no longer in recovery."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                if not self.sql("SELECT pg_is_in_recovery()")[0][0]:
                    return
            except psycopg.OperationalError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"cluster on {self.port} not ready: {self.log_tail()}")
            time.sleep(0.2)

    def log_tail(self, size: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def base_backup_to(self, home: Path, *, application_name: str) -> Cluster:
        """A streaming standby of this cluster made with ``pg_basebackup -R``, its
        primary_conninfo completed with ``application_name`` (which -R leaves out)."""
        standby = Cluster(home)
        run_as_postgres([
            str(BIN / "pg_basebackup"), "-D", str(standby.data), "-h", "127.0.0.1",
            "-p", str(self.port), "-U", OS_USER, "-R", "-X", "stream", "-c", "fast",
        ], timeout=300)
        standby.basebackup_conninfo = standby.written_conninfo()
        standby.append_conf(
            {"primary_conninfo": f"host=127.0.0.1 port={self.port} user={OS_USER} "
             f"application_name={application_name}"},
            name="postgresql.auto.conf",
        )
        return standby

    def written_conninfo(self) -> str:
        """The primary_conninfo lines of postgresql.auto.conf."""
        text = (self.data / "postgresql.auto.conf").read_text()
        return "\n".join(line for line in text.splitlines() if line.startswith("primary_conninfo"))


SYNC_STANDBY = "standby1"


@contextmanager
def synchronous_pair(base: Path) -> Iterator[tuple[Cluster, Cluster]]:
    """A primary (fsync on) that waits for ``standby1`` on every commit, and that standby,
    started from a base backup; both stopped at the end. Nothing may commit on the primary
    before the standby is connected: it would wait for one forever."""
    primary = Cluster.create(
        postgres_dir(base, "primary-"), fsync=True,
        settings={
            "synchronous_standby_names": f"FIRST 1 ({SYNC_STANDBY})",
            "synchronous_commit": "on",
            "max_wal_senders": "5",
            "wal_keep_size": "256MB",
        },
    )
    standby: Cluster | None = None
    try:
        primary.start()
        standby = primary.base_backup_to(
            postgres_dir(base, "standby-"), application_name=SYNC_STANDBY
        )
        standby.start()
        yield primary, standby
    finally:
        for cluster in (standby, primary):
            if cluster is not None:
                cluster.stop()


def wait_for_sync(primary: Cluster, seconds: float = 60) -> list[tuple[object, ...]]:
    """pg_stat_replication once the standby streams synchronously (or when time is up)."""
    deadline = time.monotonic() + seconds
    while True:
        rows = primary.sql(
            "SELECT application_name, state, sync_state FROM pg_stat_replication"
        )
        if rows == [(SYNC_STANDBY, "streaming", "sync")] or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)

