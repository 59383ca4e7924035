"""P-F4: the database primary dies under load; Patroni promotes the synchronous standby and the
app instances reach it through the multi-host URL without a restart. Every write a client saw
acknowledged is on the new primary. And an instance is not ready while no database is."""

from __future__ import annotations

import time

import pytest

from strongroom.deploy.stack import postgres
from tests.stack.conftest import Running
from tests.stack.helpers import persons_of, restart_patroni, stop_patroni, wait_readyz
from tests.stack.load import Load

pytestmark = pytest.mark.postgresql_only

RECOVERY_SECONDS = 30


def test_kill_9_of_the_primary_under_load_loses_no_acknowledged_write(running: Running) -> None:
    stack = running.stack
    organisation = running.organisation("Failover AS")
    old = postgres.leader(stack.nodes)
    assert old is not None
    load = Load(stack.url, stack.ca_file, running.api_key, organisation, clients=16).start()
    try:
        load.wait_for(60)
        assert not load.failed(), [o.error for o in load.failed()[:5]]
        postgres.crash(old, stack.patroni(old))
        killed = time.monotonic()
        # Serving again: a write started after the kill succeeds.
        while not any(o.ok and o.kind == "write" and o.started > killed for o in load.outcomes):
            assert time.monotonic() - killed < RECOVERY_SECONDS + 30, "no write succeeded again"
            time.sleep(0.1)
        recovered = min(
            o.ended for o in load.outcomes if o.ok and o.kind == "write" and o.started > killed
        )
        time.sleep(2)  # and keeps serving
    finally:
        load.stop()
    outage = recovered - killed
    print(f"writes served again {outage:.1f} s after kill -9 of the primary")
    assert load.failed(since=killed), "no request failed: was the primary really killed?"
    assert outage < RECOVERY_SECONDS, f"the app served again only after {outage:.1f} s"
    new = postgres.leader(stack.nodes)
    assert new is not None
    assert new.name != old.name

    acknowledged = load.acknowledged()
    present = set(persons_of(stack, organisation))
    missing = set(acknowledged) - present
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged writes lost"
    late = [o for o in load.outcomes if o.ok and o.started > killed + outage + 1]
    assert late
    assert all(o.attempts == 1 for o in late)

    restart_patroni(stack, old.name)  # the old primary rejoins as the synchronous standby
    members = {m["name"]: m["role"] for m in postgres.cluster_members(stack.nodes)}
    assert members == {new.name: "leader", old.name: "sync_standby"}


def test_readyz_follows_the_database(running: Running) -> None:
    stack = running.stack
    instance = stack.by_role("app1")
    wait_readyz(instance.port, 200, seconds=30)
    stop_patroni(stack)
    try:
        wait_readyz(instance.port, 503, seconds=30)
    finally:
        restart_patroni(stack, *(node.name for node in stack.nodes))
    back = wait_readyz(instance.port, 200, seconds=60)
    print(f"/readyz 200 again {back:.1f} s after the pair was back")
