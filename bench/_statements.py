"""Statements per request, counted in-process: the scenario's requests go through Django's test
client (every middleware, the real database) while ``CaptureQueriesContext`` records what each
database connection executes. Used inside the installation and inside the floor app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench._scenarios import Scenario, fill

REQUESTS = 20


def count(
    scenario: Scenario, send: Callable[[Scenario, int], Any], *, aliases: tuple[str, ...],
    requests: int = REQUESTS,
) -> float:
    """Mean statements per request of ``scenario`` over all ``aliases``, after one request that
    opens the connections and fills the caches. ``send(scenario, n)`` makes request ``n``."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    _check(scenario, send(scenario, 10**9))
    contexts = [CaptureQueriesContext(connections[alias]) for alias in aliases]
    for context in contexts:
        context.__enter__()
    try:
        for n in range(requests):
            _check(scenario, send(scenario, 10**9 + 1 + n))
    finally:
        for context in contexts:
            context.__exit__(None, None, None)
    return sum(len(context.captured_queries) for context in contexts) / requests


def _check(scenario: Scenario, response: Any) -> None:
    if not 200 <= response.status_code < 300:
        raise RuntimeError(f"{scenario.name}: {response.status_code} {response.content[:500]!r}")


def sender(client: Any, ids: list[str], emails: list[str], orgs: list[str]) -> Callable[
    [Scenario, int], Any
]:
    """``send`` for :func:`count`: the request ``n`` of a scenario through ``client``."""

    def send(scenario: Scenario, n: int) -> Any:
        path = fill(scenario.path, n, ids, emails, orgs)
        body = fill(scenario.body, n, ids, emails, orgs)
        return client.generic(scenario.method, path, body, content_type="application/json")

    return send
