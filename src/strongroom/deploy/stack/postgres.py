"""PostgreSQL under Patroni: a local etcd 3.4 (Patroni's etcd3 API) and two Patroni nodes, a
primary and its synchronous standby, every server on 127.0.0.1 and run as ``postgres``, from
the production template (templates/patroni/patroni.yml) with the stack's values."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import signal
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from strongroom.deploy.render import render_template
from strongroom.deploy.stack.processes import (
    Process,
    StackError,
    free_port,
    kill9,
    spawn,
    wait_for_port,
)

BIN_DIR = Path("/usr/lib/postgresql/15/bin")
OS_USER = "postgres"
SCOPE = "strongroom"
# Failover timing: the leader key lives TTL seconds; each node wakes every LOOP_WAIT seconds.
TTL, LOOP_WAIT, RETRY_TIMEOUT = 10, 1, 4


@dataclass(frozen=True)
class Passwords:
    """The database roles' passwords, generated for each stack."""

    superuser: str
    replication: str
    rewind: str
    app: str
    restapi: str = ""  # Patroni's REST API (changes only): no password, no start

    @classmethod
    def generate(cls) -> Passwords:
        return cls(*(secrets.token_urlsafe(24) for _ in range(5)))


@dataclass(frozen=True)
class Node:
    """One Patroni node: its PostgreSQL port, REST API port and directory."""

    name: str
    pg_port: int
    rest_port: int
    home: Path

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def config(self) -> Path:
        return self.home / "patroni.yml"

    @property
    def secrets(self) -> Path:
        return self.home / "patroni.env"

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data_dir / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None

    def rest(self, path: str) -> tuple[int, dict[str, Any]]:
        """GET Patroni's REST API: the status and JSON body (status 0 when unreachable)."""
        url = f"http://127.0.0.1:{self.rest_port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")
        except (OSError, ValueError):
            return 0, {}


def owner() -> tuple[int, int]:
    entry = pwd.getpwnam(OS_USER)
    return entry.pw_uid, entry.pw_gid


def postgres_owned(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    if os.geteuid() == 0:
        os.chown(path, *owner())
    return path


def base_env() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
            "LANG": "C.UTF-8", "HOME": "/tmp"}  # noqa: S108 - postgres's home for Patroni


def start_etcd(home: Path) -> Process:
    """A single-member etcd 3.4 cluster on two free ports of 127.0.0.1."""
    client, peer = free_port(), free_port()
    home.mkdir(parents=True, exist_ok=True)
    argv = [
        "etcd", "--name", "strongroom-etcd", "--data-dir", str(home / "data"),
        "--listen-client-urls", f"http://127.0.0.1:{client}",
        "--advertise-client-urls", f"http://127.0.0.1:{client}",
        "--listen-peer-urls", f"http://127.0.0.1:{peer}",
        "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
        "--initial-cluster", f"strongroom-etcd=http://127.0.0.1:{peer}",
        "--listen-metrics-urls", "", "--log-outputs", "stderr",
    ]
    process = spawn(role="etcd", argv=argv, port=client, log=home / "etcd.log", env=base_env())
    wait_for_port(process, seconds=30)
    return process


def render_config(node: Node, *, etcd_port: int, strict: bool = False) -> str:
    """Patroni's YAML for ``node``: the production template with the stack's values (every
    server on 127.0.0.1, one etcd member). No password is in it: see :func:`patroni_secrets`."""
    loopback = "127.0.0.1/32"
    return render_template("patroni/patroni.yml", {
        "scope": SCOPE, "name": node.name, "address": "127.0.0.1",
        "patroni_config": str(node.config), "patroni_env": str(node.secrets),
        "rest_address": f"127.0.0.1:{node.rest_port}", "rest_user": "patroni",
        "etcd_hosts": [f"127.0.0.1:{etcd_port}"], "ttl": str(TTL), "loop_wait": str(LOOP_WAIT),
        "retry_timeout": str(RETRY_TIMEOUT), "strict": "true" if strict else "false",
        "pg_hba": ["local all all peer", f"host replication replicator {loopback} scram-sha-256",
                   f"host all all {loopback} scram-sha-256"],
        "pg_address": f"127.0.0.1:{node.pg_port}", "data_dir": str(node.data_dir),
        "bin_dir": str(BIN_DIR), "pgpass": str(node.home / "pgpass"),
        "replication_user": "replicator", "rewind_user": "rewinder",
        "socket_dir": str(node.home), "archive_command": "",
    })


def patroni_secrets(passwords: Passwords) -> str:
    """The environment file Patroni takes its passwords from (as in production)."""
    values = {"SUPERUSER": passwords.superuser, "REPLICATION": passwords.replication,
              "REWIND": passwords.rewind, "RESTAPI": passwords.restapi}
    return "".join(f"PATRONI_{user}_PASSWORD={value}\n" for user, value in values.items())


def new_node(base: Path, name: str) -> Node:
    return Node(name=name, pg_port=free_port(), rest_port=free_port(),
                home=postgres_owned(base / name))


def start_patroni(
    node: Node, *, etcd_port: int, passwords: Passwords, strict: bool = False
) -> Process:
    """Write ``node``'s configuration and its secrets (readable by postgres alone) and start
    Patroni on it."""
    for path, text in ((node.config, render_config(node, etcd_port=etcd_port, strict=strict)),
                       (node.secrets, patroni_secrets(passwords))):
        path.write_text(text)
        path.chmod(0o600)
        if os.geteuid() == 0:
            os.chown(path, *owner())
    return launch_patroni(node)


def launch_patroni(node: Node) -> Process:
    """Patroni on ``node``'s written configuration (a start, or a restart after a crash: the
    node rejoins, rewound with pg_rewind if it was the primary), its passwords in its
    environment as systemd's EnvironmentFile gives them in production."""
    lines = node.secrets.read_text().splitlines()
    secrets = dict(line.split("=", 1) for line in lines if "=" in line)
    return spawn(
        role=f"patroni-{node.name}", argv=["patroni", str(node.config)], port=node.rest_port,
        log=node.home.parent / f"patroni-{node.name}.log", env={**base_env(), **secrets},
        user=OS_USER,
    )


def wait_for_pair(nodes: list[Node], processes: list[Process], *, seconds: float = 120) -> Node:
    """Until one node leads and the other streams as its synchronous standby; the leader."""
    deadline = time.monotonic() + seconds
    while True:
        for process in processes:
            if not process.alive():
                raise StackError(f"{process.role} exited: {process.log_tail()}")
        members = cluster_members(nodes)
        roles = sorted((member.get("role", ""), member.get("state", "")) for member in members)
        if roles == [("leader", "running"), ("sync_standby", "streaming")] or roles == [
            ("leader", "running"), ("sync_standby", "running")
        ]:
            leader = next(m["name"] for m in members if m["role"] == "leader")
            return next(node for node in nodes if node.name == leader)
        if time.monotonic() > deadline:
            raise StackError(f"Patroni pair not ready: {members} "
                             f"{processes[0].log_tail(1500)} {processes[-1].log_tail(1500)}")
        time.sleep(0.5)


def wait_for_leader(nodes: list[Node], *, seconds: float = 90) -> Node:
    """Until one of ``nodes`` is the primary (Patroni holds the leader key and PostgreSQL
    takes writes)."""
    deadline = time.monotonic() + seconds
    while (found := leader(nodes)) is None:
        if time.monotonic() > deadline:
            raise StackError(f"no PostgreSQL primary after {seconds:.0f} s")
        time.sleep(0.3)
    return found


def cluster_members(nodes: list[Node]) -> list[dict[str, Any]]:
    """The members as Patroni's REST API reports them (from whichever node answers)."""
    for node in nodes:
        status, body = node.rest("/cluster")
        if status == 200 and body.get("members"):
            members: list[dict[str, Any]] = body["members"]
            return members
    return []


def leader(nodes: list[Node]) -> Node | None:
    for node in nodes:
        if node.rest("/primary")[0] == 200:
            return node
    return None


def superuser_dsn(node: Node, passwords: Passwords, dbname: str = "postgres") -> str:
    return (f"host=127.0.0.1 port={node.pg_port} user=postgres dbname={dbname} "
            f"password={passwords.superuser} connect_timeout=5")


def create_app_databases(
    node: Node, passwords: Passwords, *, user: str, names: list[str]
) -> None:
    """The application's role (a password login) and its databases, owned by it."""
    with psycopg.connect(superuser_dsn(node, passwords), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,))
        if exists.fetchone() is None:
            connection.execute(
                psycopg.sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    psycopg.sql.Identifier(user), psycopg.sql.Literal(passwords.app)
                )
            )
        for name in names:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if found.fetchone() is None:
                connection.execute(psycopg.sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    psycopg.sql.Identifier(name), psycopg.sql.Identifier(user)
                ))


def database_url(nodes: list[Node], *, user: str, password: str, name: str) -> str:
    """The libpq multi-host URL: every node, the one that takes writes chosen at connect."""
    hosts = ",".join(f"127.0.0.1:{node.pg_port}" for node in nodes)
    return (f"postgres://{user}:{password}@{hosts}/{name}"
            "?target_session_attrs=read-write&connect_timeout=3")




def stop_postmaster(node: Node) -> None:
    """A PostgreSQL server Patroni left behind (its Patroni killed): a fast shutdown, then
    SIGKILL to its process group if it is still there after 20 s."""
    pid = node.postmaster_pid()
    if pid is None:
        return
    leftover = Process(role=f"postgres-{node.name}", pid=pid, port=node.pg_port, log="")
    if leftover.alive():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGINT)
        deadline = time.monotonic() + 20
        while leftover.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        kill9(leftover)


def crash(node: Node, patroni: Process) -> None:
    """kill -9 of a whole database node: Patroni and its PostgreSQL server at once."""
    pid = node.postmaster_pid()
    kill9(patroni)
    if pid is not None:
        kill9(Process(role=f"postgres-{node.name}", pid=pid, port=node.pg_port, log=""))
