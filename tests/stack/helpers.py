"""Looking at the stack from outside: its database, an instance's /readyz, its Patroni pair;
restarting its app instances."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

from strongroom.deploy.stack import app, postgres
from strongroom.deploy.stack.processes import stop
from strongroom.deploy.stack.stack import Stack
from strongroom.records.contacts.models import ContactPerson
from tests.metrics.prometheus_api import alerts, get_json, query, until


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


def restart_instances(running: Stack, *roles: str) -> None:
    """The app instances ``roles`` (``app1`` ...) started again on their ports, side by side,
    and until each is ready and the proxy's own checks have put it back in rotation (its log
    says so)."""
    proxy_log = Path(running.by_role("proxy").log)
    seen = proxy_log.stat().st_size
    old = [running.by_role(role) for role in roles]
    with ThreadPoolExecutor(max_workers=len(old)) as pool:
        fresh = list(pool.map(lambda process: app.start_instance(
            running.stack_dir, running.env_file_path, number=int(process.role[3:]),
            port=process.port,
        ), old))
    for process in fresh:
        running.replace(process)
        wait_readyz(process.port, 200, seconds=60)
    began = time.monotonic()
    while not all(
        f"Server app/{role} is UP" in proxy_log.read_bytes()[seen:].decode(errors="replace")
        for role in roles
    ):
        assert time.monotonic() - began < 60, f"the proxy did not see {roles} up in 60 s"
        time.sleep(0.25)


def instance_down_alert(running: Stack, role: str) -> dict[str, object]:
    """Until Prometheus holds StrongroomInstanceDown for the instance ``role``; the alert.

    The rule's ``for:`` is 1 minute, so the alert is *pending* first: Prometheus's ``ALERTS``
    series has it (``alertstate="pending"``) from the first evaluation after a failed scrape,
    which shows the rule's expression firing without waiting out the minute."""
    target = f"127.0.0.1:{running.by_role(role).port}"
    api = running.prometheus_url
    pending = until(f"StrongroomInstanceDown pending for {target}", lambda: query(
        api, f'ALERTS{{alertname="StrongroomInstanceDown", instance="{target}"}}'
    ), seconds=30)
    assert pending[0]["metric"]["alertstate"] in ("pending", "firing"), pending
    assert query(api, f'up{{job="strongroom", instance="{target}"}} == 0'), "the target is up"
    shown = [alert for alert in alerts(api, "StrongroomInstanceDown")
             if alert["labels"]["instance"] == target]
    assert shown, "StrongroomInstanceDown is not among Prometheus's alerts"
    rule = next(
        rule for group in get_json(f"{api}/api/v1/rules")["data"]["groups"]
        for rule in group["rules"] if rule["name"] == "StrongroomInstanceDown"
    )
    assert rule["duration"] == 60, rule  # alerts.yml's own rule, `for: 1m`, unchanged
    found: dict[str, object] = shown[0]
    return found


def scraped_again(running: Stack, role: str) -> None:
    """Until Prometheus scrapes the instance ``role`` again and its alert is gone."""
    target = f"127.0.0.1:{running.by_role(role).port}"
    api = running.prometheus_url
    until(f"{target} scraped again", lambda: query(
        api, f'up{{job="strongroom", instance="{target}"}} == 1'
    ), seconds=30)
    until(f"StrongroomInstanceDown cleared for {target}", lambda: not [
        alert for alert in alerts(api, "StrongroomInstanceDown")
        if alert["labels"]["instance"] == target
    ])
