"""P-F5: an app instance dies (kill -9) or is restarted (SIGTERM, drain) under load. Clients
that retry a failed write with its Idempotency-Key see no failure, and no write is lost or
done twice; the stack's Prometheus raises the instance-down alert for the dead one. A rolling
restart of every instance needs no retry at all."""

from __future__ import annotations

import time

import pytest

from strongroom.deploy.stack.processes import kill9, stop
from tests.stack.conftest import Running
from tests.stack.helpers import (
    instance_down_alert,
    persons_of,
    restart_instances,
    scraped_again,
)
from tests.stack.load import Load

pytestmark = pytest.mark.postgresql_only


def assert_exactly_once(running: Running, load: Load, organisation: str) -> None:
    writes = [o for o in load.outcomes if o.kind == "write"]
    acknowledged = load.acknowledged()
    present = persons_of(running.stack, organisation)
    assert len(set(acknowledged)) == len(writes), "a write was answered twice or not at all"
    assert sorted(present) == sorted(acknowledged), (
        f"{len(present)} persons stored for {len(writes)} writes"
    )


def test_kill_9_of_an_instance_loses_and_duplicates_nothing_for_retrying_clients(
    running: Running,
) -> None:
    organisation = running.organisation("Instance crash AS")
    load = Load(running.stack.url, running.stack.ca_file, running.api_key, organisation,
                clients=16, retry=True).start()
    try:
        load.wait_for(60)
        kill9(running.stack.by_role("app1"))
        killed = time.monotonic()
        alert = instance_down_alert(running.stack, "app1")
        print(f"StrongroomInstanceDown {alert['state']} {time.monotonic() - killed:.1f} s "
              "after the kill")
        # the proxy takes it out; the retries land on the other instance
        time.sleep(max(0.0, 4 - (time.monotonic() - killed)))
        restart_instances(running.stack, "app1")
        scraped_again(running.stack, "app1")
        load.wait_for(len(load.acknowledged()) + 30)
    finally:
        load.stop()
    assert not load.failed(), [o.error for o in load.failed()[:5]]
    retried = [o for o in load.outcomes if o.attempts > 1]
    print(f"{len(load.outcomes)} requests, {len(retried)} retried after the kill")
    assert_exactly_once(running, load, organisation)


def test_rolling_restart_under_load_fails_no_request(running: Running) -> None:
    organisation = running.organisation("Rolling restart AS")
    load = Load(running.stack.url, running.stack.ca_file, running.api_key, organisation,
                clients=16, retry=False).start()
    try:
        load.wait_for(30)
        for role in ("app1", "app2"):
            stop(running.stack.by_role(role), grace=60)  # SIGTERM: drains, then stops
            restart_instances(running.stack, role)
        load.wait_for(len(load.acknowledged()) + 30)
    finally:
        load.stop()
    assert not load.failed(), [o.error for o in load.failed()[:5]]
    assert all(o.attempts == 1 for o in load.outcomes)
    assert_exactly_once(running, load, organisation)
