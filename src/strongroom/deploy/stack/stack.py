"""The local production-like stack: etcd, a Patroni pair (primary + synchronous standby),
Redis, two or more app instances, the worker, the status prober, the TLS proxy and
Prometheus, all in production mode on 127.0.0.1. ``up`` records every process in
``<data dir>/stack/stack.json``; ``down`` stops them by that file and removes the throwaway
data."""

from __future__ import annotations

import json
import shutil
import ssl
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strongroom.deploy.stack import app, postgres, prometheus, proxy
from strongroom.deploy.stack.processes import Process, StackError, free_ports, stop

STATE = "stack.json"
TOOLS = ("etcd", "patroni", "redis-server", "haproxy", "prometheus")
DATABASE = "strongroom"
# Stopped in this order: the proxy before the instances, the databases after every client.
STOP_ORDER = (
    "prometheus", "proxy", "status-probe", "worker", "app", "mail", "redis", "patroni", "etcd",
)


@dataclass
class Stack:
    """What a running stack is made of (the contents of stack.json)."""

    data_dir: Path
    postgres_dir: Path
    processes: list[Process] = field(default_factory=list)
    nodes: list[postgres.Node] = field(default_factory=list)
    url: str = ""
    ca_file: str = ""
    database_url: str = ""
    env_file: str = ""
    demo: str = ""

    @property
    def stack_dir(self) -> Path:
        return self.data_dir / "stack"

    @property
    def state_file(self) -> Path:
        return self.stack_dir / STATE

    @property
    def env_file_path(self) -> Path:
        return Path(self.env_file)

    def add(self, process: Process) -> Process:
        self.processes.append(process)
        self.save()
        return process

    def by_role(self, role: str) -> Process:
        return next(process for process in self.processes if process.role == role)

    @property
    def prometheus_url(self) -> str:
        return prometheus.url(self.by_role("prometheus"))

    def node(self, name: str) -> postgres.Node:
        return next(node for node in self.nodes if node.name == name)

    def patroni(self, node: postgres.Node) -> Process:
        return self.by_role(f"patroni-{node.name}")

    def replace(self, process: Process) -> None:
        """Record ``process`` in place of the one of the same role (after a restart)."""
        self.processes = [p if p.role != process.role else process for p in self.processes]
        self.save()

    def as_json(self) -> dict[str, Any]:
        return {
            "data_dir": str(self.data_dir), "postgres_dir": str(self.postgres_dir),
            "url": self.url, "ca_file": self.ca_file, "database_url": self.database_url,
            "env_file": self.env_file, "demo": self.demo,
            "processes": [process.as_json() for process in self.processes],
            "nodes": [{"name": node.name, "pg_port": node.pg_port, "rest_port": node.rest_port,
                       "home": str(node.home)} for node in self.nodes],
        }

    def save(self) -> None:
        """stack.json, readable by its owner alone (it holds the database URL)."""
        self.stack_dir.mkdir(parents=True, exist_ok=True)
        app.write_secret(self.state_file, json.dumps(self.as_json(), indent=2) + "\n")

    @classmethod
    def load(cls, data_dir: Path) -> Stack:
        path = data_dir / "stack" / STATE
        try:
            raw = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise StackError(f"no stack recorded in {path}: {exc}") from None
        return cls(
            data_dir=Path(raw["data_dir"]), postgres_dir=Path(raw["postgres_dir"]),
            processes=[Process(**entry) for entry in raw["processes"]],
            nodes=[postgres.Node(name=n["name"], pg_port=n["pg_port"], rest_port=n["rest_port"],
                                 home=Path(n["home"])) for n in raw["nodes"]],
            url=raw["url"], ca_file=raw["ca_file"], database_url=raw["database_url"],
            env_file=raw["env_file"], demo=raw.get("demo", ""),
        )


def up(
    data_dir: Path, *, instances: int = 2, demo: bool = True,
    say: Callable[[str], None] = print,
) -> Stack:
    """Start the whole stack under ``data_dir``/stack, with the demo company unless not
    ``demo``; on any failure, stop what started."""
    if instances < 2:
        raise StackError("the stack runs at least two app instances")
    data_dir = data_dir.resolve()
    missing = missing_tools()
    if missing:
        raise StackError(f"missing {', '.join(missing)}: install them with "
                         "scripts/system-deps.sh, or apt-get install postgresql-15 patroni "
                         "etcd-server redis-server haproxy prometheus")
    if (data_dir / "stack" / STATE).exists():
        raise StackError(f"a stack is recorded in {data_dir / 'stack'}: "
                         "run `make stack-down` (or `python -m strongroom.deploy.stack down`)")
    # PostgreSQL's directories in a throwaway place the postgres OS user can reach.
    base = Path(tempfile.mkdtemp(prefix="strongroom-stack-"))
    base.chmod(0o755)
    stack = Stack(data_dir=data_dir, postgres_dir=base)
    began = time.monotonic()

    def timed(line: str) -> None:
        say(f"[{time.monotonic() - began:5.1f} s] {line}")

    try:
        start_all(stack, instances=instances, demo=demo, say=timed)
    except BaseException:
        say("start failed: stopping what was started")
        down(data_dir, keep=True, stack=stack)
        raise
    return stack


def missing_tools() -> list[str]:
    """The programs the stack runs that this machine lacks."""
    found = [name for name in TOOLS if shutil.which(name) is None]
    if not (postgres.BIN_DIR / "postgres").exists():
        found.append(str(postgres.BIN_DIR / "postgres"))
    return found


def start_all(
    stack: Stack, *, instances: int, demo: bool, say: Callable[[str], None]
) -> None:
    stack.save()
    logs = stack.stack_dir / "logs"
    say("etcd ...")
    etcd = stack.add(postgres.start_etcd(stack.postgres_dir / "etcd"))
    passwords = postgres.Passwords.generate()
    nodes_dir = postgres.postgres_owned(stack.postgres_dir / "postgres")
    nodes_dir.chmod(0o755)
    stack.nodes = [postgres.new_node(nodes_dir, name) for name in ("pg1", "pg2")]
    say("Patroni: PostgreSQL primary and synchronous standby ...")
    for node in stack.nodes:
        stack.add(postgres.start_patroni(node, etcd_port=etcd.port, passwords=passwords))
        postgres.wait_for_leader(stack.nodes)  # the first bootstraps, the second clones it
    leader = postgres.wait_for_pair(stack.nodes, [stack.patroni(n) for n in stack.nodes])
    postgres.create_app_databases(
        leader, passwords, user=DATABASE, names=[DATABASE, f"{DATABASE}_keys"]
    )
    stack.database_url = postgres.database_url(
        stack.nodes, user=DATABASE, password=passwords.app, name=DATABASE
    )
    say("Redis and a mail sink ...")
    redis = stack.add(app.start_redis(stack.stack_dir))
    mail = stack.add(app.start_mail(stack.stack_dir))
    env_file = app.write_env_file(
        stack.stack_dir, database_url=stack.database_url,
        redis_url=f"redis://127.0.0.1:{redis.port}/0", mail_port=mail.port,
    )
    stack.env_file = str(env_file)
    say("migrations ...")
    app.run_cli(env_file, "migrate", "--no-input", setup=True)
    if demo:
        say("the demo company ...")
        stack.demo = app.run_cli(env_file, "demo", "--allow-production", setup=True)
    described = proxy.installation(
        stack.stack_dir, first_port=free_ports(instances), instances=instances
    )
    app.append_env(env_file, {  # what the status prober probes
        "STRONGROOM_STATUS_PUBLIC_URL": described.public_origin,
        "STRONGROOM_STATUS_CA_FILE": str(described.ca_file),
        "STRONGROOM_STATUS_INSTANCES": ",".join(
            f"http://127.0.0.1:{port}" for port in described.app_ports
        ),
        "STRONGROOM_STATUS_INTERVAL_SECONDS": "15",
    })
    for number, port in enumerate(described.app_ports, start=1):
        say(f"app instance {number} on 127.0.0.1:{port} ...")
        stack.add(app.start_instance(stack.stack_dir, env_file, number=number, port=port))
    stack.add(app.start_worker(stack.stack_dir, env_file))
    say("TLS proxy ...")
    stack.ca_file = str(described.ca_file)
    stack.url = f"{described.public_origin}/"
    stack.add(proxy.start_proxy(stack.stack_dir, described))
    if app.has_status_probe():
        say("status prober ...")
        stack.add(app.start_status_probe(stack.stack_dir, env_file))
    say("Prometheus ...")
    stack.add(prometheus.start_prometheus(stack.stack_dir, described))
    wait_ready(stack, logs=logs)


def wait_ready(stack: Stack, *, logs: Path, seconds: float = 120) -> None:
    """Until ``/readyz`` answers 200 through the proxy."""
    context = ssl.create_default_context(cafile=stack.ca_file)
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(  # noqa: S310 - the stack's own https URL
                f"{stack.url}readyz", timeout=5, context=context
            ) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise StackError(f"the stack is not ready at {stack.url}; logs in {logs}")
        time.sleep(0.5)


def down(data_dir: Path, *, keep: bool = False, stack: Stack | None = None) -> list[str]:
    """Stop every recorded process (process groups, then their ports), and remove the
    throwaway data unless ``keep``. The roles stopped."""
    data_dir = data_dir.resolve()
    if stack is None:
        stack = Stack.load(data_dir)
    stopped = []
    for kind in STOP_ORDER:
        group = [p for p in reversed(stack.processes) if p.role.startswith(kind)]
        with ThreadPoolExecutor(max_workers=max(1, len(group))) as pool:
            list(pool.map(stop, group))  # the instances (or nodes) of one kind at once
        stopped += [process.role for process in group]
    for node in stack.nodes:
        postgres.stop_postmaster(node)
    stack.state_file.unlink(missing_ok=True)
    if not keep:
        shutil.rmtree(stack.postgres_dir, ignore_errors=True)
        shutil.rmtree(stack.stack_dir, ignore_errors=True)
    return stopped


def status(data_dir: Path) -> dict[str, Any]:
    """The recorded processes, whether each is alive, and the Patroni members."""
    stack = Stack.load(data_dir.resolve())
    return {
        "url": stack.url, "ca_file": stack.ca_file,
        "processes": [{**p.as_json(), "alive": p.alive()} for p in stack.processes],
        "members": postgres.cluster_members(stack.nodes),
    }
