"""P-F5 on the local stack: its Prometheus, configured by ``strongroom deploy render``, scrapes
every app instance with the stack's metrics token; the request figures grow under load and
the backup figures say what the stack's backups really are (turned off: pgBackRest is not set
up for the Patroni pair). The instance-down alert: tests/stack/test_app_instances.py."""

from __future__ import annotations

import math

import pytest

from tests.metrics.prometheus_api import get_json, query, until
from tests.stack.conftest import Running
from tests.stack.load import Load

pytestmark = pytest.mark.postgresql_only

WRITES = 'sum(strongroom_http_requests_total{job="strongroom", method="POST", status=~"2.."})'


def by_instance(api: str, promql: str) -> dict[str, str]:
    return {series["metric"]["instance"]: series["value"][1] for series in query(api, promql)}


def test_prometheus_scrapes_every_instance_with_the_request_and_backup_figures(
    running: Running,
) -> None:
    stack = running.stack
    api = stack.prometheus_url
    targets = {f"127.0.0.1:{process.port}" for process in stack.processes
               if process.role.startswith("app")}
    assert len(targets) == 2
    active = get_json(f"{api}/api/v1/targets")["data"]["activeTargets"]
    assert {target["labels"]["instance"] for target in active} == targets
    assert {target["scrapePool"] for target in active} == {"strongroom"}
    until("every instance scraped", lambda: by_instance(api, 'up{job="strongroom"}')
          == dict.fromkeys(targets, "1"), seconds=30)

    counted = query(api, WRITES)
    before = float(counted[0]["value"][1]) if counted else 0.0
    organisation = running.organisation("Metrics AS")
    load = Load(stack.url, stack.ca_file, running.api_key, organisation, clients=4).start()
    try:
        load.wait_for(40)
    finally:
        load.stop()
    assert not load.failed(), [o.error for o in load.failed()[:5]]
    written = len(load.acknowledged())
    grown = until("the request count growing by every write", lambda: [
        float(series["value"][1]) for series in query(api, WRITES)
        if float(series["value"][1]) >= before + written
    ], seconds=30)
    print(f"POST 2xx: {before:.0f} -> {grown[0]:.0f} after {written} writes")
    assert set(by_instance(api, "sum by (instance) (strongroom_http_requests_total)")) == targets

    # Backups: the stack turns them off (STRONGROOM_BACKUP_ENABLED=false, a limit of the local
    # stack: docs/operations.md), so every instance says so, no location has a good backup
    # (+Inf), the backups collector reads its data, and WAL archiving is left out.
    assert by_instance(api, "strongroom_backup_enabled") == dict.fromkeys(targets, "0")
    ages = query(api, "strongroom_backup_age_seconds")
    assert {(s["metric"]["instance"], s["metric"]["location"]) for s in ages} == {
        (target, location) for target in targets for location in ("local", "second")
    }
    assert all(math.isinf(float(series["value"][1])) for series in ages)
    assert by_instance(api, 'strongroom_metrics_collector_up{collector="backups"}') == (
        dict.fromkeys(targets, "1")
    )
    assert not query(api, 'strongroom_metrics_collector_up{collector="wal_archive"}')
    assert by_instance(api, 'strongroom_metrics_collector_up{collector="readiness"}') == (
        dict.fromkeys(targets, "1")
    )
