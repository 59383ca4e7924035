"""The two servers ``bench.api`` measures: Strongroom in production mode (``strongroom serve
--workers 4 --no-worker``, secrets in files, Redis on PostgreSQL; the job worker runs apart in
production and is left out, so that its first round of periodic jobs does not fall into a
measurement) and the floor app under gunicorn with 4
sync workers; their seeding, their access logs, their history rows and their workers' memory."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strongroom.deploy.stack import app
from strongroom.deploy.stack.processes import Process, free_port, spawn, stop, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 4
STRONGROOM_DB = "strongroom_bench_api"  # and STRONGROOM_DB + "_keys": the benchmark's own
FLOOR_DB = "strongroom_bench_floor"
REQUEST_LINE = re.compile(r'"(?:GET|POST|PATCH|PUT|DELETE|HEAD) \S+ HTTP/[\d.]+" (\d{3}) ')


@dataclass
class Server:
    """A running server: its process, its seeded ids and counts, its history-row counter."""

    name: str
    process: Process
    seeded: dict[str, Any]
    rows: Callable[[], dict[str, int]] | None = None
    helpers: list[Process] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.process.port}"

    def log_size(self) -> int:
        return Path(self.process.log).stat().st_size

    def settle(self) -> None:
        """Wait until the requests still running have finished: the log and the history rows
        stay the same for a second."""
        state: tuple[Any, ...] = ()
        while state != (self.log_size(), self.rows() if self.rows else None):
            state = (self.log_size(), self.rows() if self.rows else None)
            time.sleep(1)

    def statuses_since(self, offset: int) -> Counter[int]:
        """The status codes of the requests logged since ``offset``."""
        with Path(self.process.log).open("rb") as log:
            log.seek(offset)
            text = log.read().decode(errors="replace")
        return Counter(int(m.group(1)) for m in REQUEST_LINE.finditer(text))

    def stop(self) -> None:
        for process in [self.process, *self.helpers]:
            stop(process, grace=30)


def _environment(**settings: str) -> dict[str, str]:
    """This process's environment, the repository on the path, without Strongroom's settings."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("STRONGROOM_", "FLOOR_")) and k != "DJANGO_SETTINGS_MODULE"}
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return {**environment, **settings}


def _json_of(argv: list[str], environment: dict[str, str], cwd: Path) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - this interpreter, the benchmark's own modules
        argv, env=environment, cwd=cwd, capture_output=True, text=True, check=False, timeout=3600
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def recreate_postgres(server: str, *names: str) -> None:
    """Drop and create the benchmark's own databases on the PostgreSQL at ``server``."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')


def _counter(database_url: str, data_dir: Path, seeded: dict[str, Any]) -> Callable[
    [], dict[str, int]
]:
    """Counts the company's audit and access-log rows straight from the database."""
    company = int(seeded["company_id"])
    queries = {key: f"SELECT count(*) FROM {table} WHERE company_id = {company}"  # noqa: S608
               for key, table in seeded["tables"].items()}

    def count() -> dict[str, int]:
        if database_url:
            import psycopg

            with psycopg.connect(database_url) as connection:
                return {k: connection.execute(q).fetchone()[0] for k, q in queries.items()}  # type: ignore[index]
        with sqlite3.connect(f"file:{data_dir / 'strongroom.sqlite3'}?mode=ro", uri=True) as db:
            return {k: db.execute(q).fetchone()[0] for k, q in queries.items()}

    return count


def strongroom(root: Path, *, postgres: str | None) -> Server:
    """A production installation in ``root``: migrated, seeded, serving with 4 workers."""
    helpers = [app.start_mail(root)]
    try:
        return _strongroom(root, postgres, helpers)
    except BaseException:
        for helper in helpers:
            stop(helper, grace=30)
        raise


def _strongroom(root: Path, postgres: str | None, helpers: list[Process]) -> Server:
    database_url = redis_url = ""
    if postgres:
        recreate_postgres(postgres, STRONGROOM_DB, STRONGROOM_DB + "_keys")
        database_url = f"{postgres}/{STRONGROOM_DB}"
        helpers.append(app.start_redis(root))
        redis_url = f"redis://127.0.0.1:{helpers[-1].port}/0"
    env_file = app.write_env_file(root, database_url=database_url, redis_url=redis_url,
                                  mail_port=helpers[0].port)
    environment = _environment(STRONGROOM_ENV_FILE=str(env_file), STRONGROOM_DRAIN_SECONDS="0",
                               DJANGO_SETTINGS_MODULE="strongroom.project.settings")
    for command in (["migrate"], ["collectstatic", "--noinput"]):  # pages need the manifest
        done = subprocess.run(  # noqa: S603 - this interpreter, the project's own command
            [*app.CLI, *command], env=environment, cwd=root, capture_output=True, text=True,
            check=False, timeout=1200,
        )
        if done.returncode != 0:
            raise RuntimeError(f"strongroom {command[0]} failed: {done.stderr[-3000:]}")
    seeded = _json_of([sys.executable, "-m", "bench._inside"], environment, root)
    port = free_port()
    process = spawn(
        role="strongroom", port=port, log=root / "logs" / "strongroom.log", env=environment,
        cwd=root, argv=[*app.CLI, "serve", "--host", "127.0.0.1", "--port", str(port),
                        "--workers", str(WORKERS), "--no-worker"],
    )
    server = Server("Strongroom", process, seeded, helpers=helpers,
                    rows=_counter(database_url, root / "app", seeded))
    try:
        wait_for_port(process, seconds=180)
        app.wait_ready(process, seconds=180)
        prime(server)
    except BaseException:
        helpers.clear()  # stopped with the server
        server.stop()
        raise
    return server


def floor(root: Path, *, postgres: str | None) -> Server:
    """The floor app with its own database, seeded alike, under gunicorn with 4 sync workers."""
    (root / "floor").mkdir(parents=True, exist_ok=True)
    database_url = "sqlite:///floor.sqlite3"
    if postgres:
        recreate_postgres(postgres, FLOOR_DB)
        database_url = f"{postgres}/{FLOOR_DB}"
    environment = _environment(DJANGO_SETTINGS_MODULE="bench.floor.settings",
                               FLOOR_DATABASE_URL=database_url, FLOOR_DATA_DIR=str(root / "floor"))
    seeded = _json_of([sys.executable, "-m", "bench.floor.seed"], environment, root)
    port = free_port()
    process = spawn(
        role="floor", port=port, log=root / "logs" / "floor.log", env=environment, cwd=root,
        argv=[sys.executable, "-m", "gunicorn", "bench.floor.wsgi:application", "--bind",
              f"127.0.0.1:{port}", "--workers", str(WORKERS), "--access-logfile", "-"],
    )
    server = Server("floor", process, seeded)
    try:
        wait_for_port(process, seconds=60)
        prime(server)
    except BaseException:
        server.stop()
        raise
    return server


def prime(server: Server, *, rounds: int = 3) -> None:
    """Load every worker's code before the first measurement: rounds of concurrent requests
    (a worker's first request imports the URL map and everything behind it)."""
    url = f"{server.url}/people/{server.seeded['ids'][0]}" if server.name == "floor" else (
        f"{server.url}/readyz"
    )

    def fetch(_: int) -> int:
        with urllib.request.urlopen(url, timeout=300) as answer:  # noqa: S310 - ours
            return int(answer.status)

    with ThreadPoolExecutor(WORKERS * 2) as pool:
        for _ in range(rounds):
            statuses = set(pool.map(fetch, range(WORKERS * 2)))
            if statuses != {200}:
                raise RuntimeError(f"{server.name} answered {statuses} while priming")


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    return children


def _is_gunicorn(pid: int) -> bool:
    try:
        return b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _kib(path: Path, field_names: tuple[str, ...]) -> int:
    total = 0
    for line in path.read_text().splitlines():
        name, _, value = line.partition(":")
        if name in field_names:
            total += int(value.split()[0])
    return total


def worker_memory(root_pid: int) -> tuple[float, float]:
    """Mean resident and private (unique) memory of the gunicorn workers under ``root_pid``,
    in MiB: VmRSS of /proc/PID/status and Private_* of /proc/PID/smaps_rollup."""
    children = _children()
    pending, workers = [root_pid], []
    while pending:
        pid = pending.pop()
        for child in children.get(pid, []):
            if _is_gunicorn(child) and _is_gunicorn(pid):
                workers.append(child)
            pending.append(child)
    if not workers:
        return 0.0, 0.0
    rss = [_kib(Path(f"/proc/{pid}/status"), ("VmRSS",)) for pid in workers]
    private = [_kib(Path(f"/proc/{pid}/smaps_rollup"), ("Private_Clean", "Private_Dirty"))
               for pid in workers]
    return sum(rss) / len(rss) / 1024, sum(private) / len(private) / 1024
