"""P-F5 on the local stack: the status page is served by the proxy itself while every app
instance is stopped, the prober records the outage, and once the instances are back the page's
history holds it as an incident with a start and an end."""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from strongroom.deploy.stack import app
from strongroom.deploy.stack.processes import stop
from strongroom.deploy.stack.stack import Stack
from strongroom.platform.status.document import iso
from tests.stack.conftest import Running
from tests.stack.helpers import restart_instances

pytestmark = pytest.mark.postgresql_only


def get(stack: Stack, path: str) -> tuple[int, str, bytes]:
    """``GET`` through the proxy, trusting the stack's CA: status, content type, body."""
    context = ssl.create_default_context(cafile=stack.ca_file)
    try:
        with urllib.request.urlopen(  # noqa: S310 - the stack's https URL
            f"{stack.url}{path.lstrip('/')}", timeout=10, context=context
        ) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def probed(stack: Stack) -> dict[str, Any]:
    """One ``strongroom status probe`` in the stack's environment (rather than waiting for the
    prober's 15 s), then the published status.json as the proxy serves it."""
    app.run_cli(stack.env_file_path, "status", "probe", timeout=120)
    status, kind, body = get(stack, "/status.json")
    assert status == 200, (status, body[:200])
    assert kind.startswith("application/json")
    document: dict[str, Any] = json.loads(body)
    return document


def states(document: dict[str, Any]) -> dict[str, str]:
    return {component["name"]: component["state"] for component in document["components"]}


def test_the_status_page_is_served_while_every_instance_is_stopped_and_keeps_the_outage(
    running: Running,
) -> None:
    stack = running.stack
    roles = [process.role for process in stack.processes if process.role.startswith("app")]
    since = iso(int(time.time()) - 1)
    assert since is not None
    with ThreadPoolExecutor(max_workers=len(roles)) as pool:  # SIGTERM: each drains and stops
        list(pool.map(stop, [stack.by_role(role) for role in roles]))
    try:
        assert get(stack, "/readyz")[0] == 503  # nothing behind the proxy
        during = probed(stack)
        status, kind, page = get(stack, "/status/")
        assert status == 200
        assert kind.startswith("text/html")
        assert b"Application" in page
    finally:
        restart_instances(stack, *roles)
    assert states(during)["Application"] == "down"
    assert states(during)["Web"] == "down"
    assert during["overall"] == "major_outage"
    # the outage's incident: a new one, or one still open from an earlier test's fault that the
    # stack's own prober (every 15 s) has not yet seen end, which this outage widens
    opened = [i for i in during["incidents"]["open"] if "Application" in i["components"]]
    assert opened, during["incidents"]

    after = probed(stack)
    assert set(states(after).values()) == {"up"}, states(after)
    assert after["overall"] == "operational"
    assert not after["incidents"]["open"]
    outage = next(i for i in after["incidents"]["recent"] if i["id"] == opened[0]["id"])
    assert outage["kind"] == "automatic"
    assert outage["state"] == "resolved"
    assert outage["started_at"] < outage["ended_at"], outage
    assert outage["ended_at"] >= since, outage
    assert {"Application", "Web"} <= set(outage["components"])
