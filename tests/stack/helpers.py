"""Looking at the stack from outside: its database, an instance's /readyz, its Patroni pair."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg

from strongroom.deploy.stack import postgres
from strongroom.deploy.stack.processes import stop
from strongroom.deploy.stack.stack import Stack
from strongroom.records.contacts.models import ContactPerson


def persons_of(running: Stack, organisation: str) -> list[str]:
    """The ids of the contact persons of ``organisation`` on the current primary."""
    table = ContactPerson._meta.db_table
    with psycopg.connect(running.database_url) as connection:
        rows = connection.execute(
            f"SELECT id FROM {table} WHERE organisation_id = %s",  # noqa: S608 - model's table
            (organisation,),
        ).fetchall()
    return [str(row[0]) for row in rows]


def readyz(port: int) -> int:
    """The status of GET /readyz on one app instance directly (0: no answer)."""
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/readyz", timeout=10
        ) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def wait_readyz(port: int, status: int, *, seconds: float) -> float:
    """Seconds until /readyz on ``port`` answers ``status``."""
    began = time.monotonic()
    while (seen := readyz(port)) != status:
        assert time.monotonic() - began < seconds, f"/readyz still {seen} after {seconds} s"
        time.sleep(0.25)
    return time.monotonic() - began


def restart_patroni(running: Stack, *names: str) -> None:
    """Patroni again on the named nodes, then until the pair is whole."""
    for name in names:
        running.replace(postgres.launch_patroni(running.node(name)))
    postgres.wait_for_pair(running.nodes, [running.patroni(node) for node in running.nodes])


def stop_patroni(running: Stack) -> None:
    """Both database nodes stopped cleanly (Patroni stops its PostgreSQL)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(stop, [running.patroni(node) for node in running.nodes]))
