"""P-F5: an app instance dies (kill -9) or is restarted (SIGTERM, drain) under load. Clients
that retry a failed write with its Idempotency-Key see no failure, and no write is lost or
done twice; a rolling restart of every instance needs no retry at all."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from strongroom.deploy.stack import app
from strongroom.deploy.stack.processes import kill9, stop
from tests.stack.conftest import Running
from tests.stack.helpers import persons_of, wait_readyz
from tests.stack.load import Load

pytestmark = pytest.mark.postgresql_only


def restart_instance(running: Running, role: str) -> None:
    """The instance ``role`` started again on its port, and until it is ready."""
    stack = running.stack
    old = stack.by_role(role)
    proxy_log = Path(stack.by_role("proxy").log)
    seen = proxy_log.stat().st_size
    fresh = app.start_instance(stack.stack_dir, stack.env_file_path, number=int(role[3:]),
                               port=old.port)
    stack.replace(fresh)
    wait_readyz(fresh.port, 200, seconds=60)
    began = time.monotonic()  # and until the proxy's checks have put it back in rotation
    while f"Server app/{role} is UP" not in proxy_log.read_bytes()[seen:].decode(errors="replace"):
        assert time.monotonic() - began < 60, f"the proxy did not see {role} up in 60 s"
        time.sleep(0.25)


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
        time.sleep(4)  # the proxy takes it out; the retries land on the other instance
        restart_instance(running, "app1")
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
            restart_instance(running, role)
        load.wait_for(len(load.acknowledged()) + 30)
    finally:
        load.stop()
    assert not load.failed(), [o.error for o in load.failed()[:5]]
    assert all(o.attempts == 1 for o in load.outcomes)
    assert_exactly_once(running, load, organisation)
