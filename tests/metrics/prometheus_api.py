"""Reading a running Prometheus through its HTTP API: JSON answers, instant queries, active
alerts, and waiting until something shows."""

from __future__ import annotations

import contextlib
import json
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - 127.0.0.1 only
        return json.loads(answer.read())


def query(api: str, promql: str) -> list[dict[str, Any]]:
    """The instant vector ``promql`` evaluates to now."""
    found: list[dict[str, Any]] = get_json(
        f"{api}/api/v1/query?query={urllib.parse.quote(promql)}"
    )["data"]["result"]
    return found


def alerts(api: str, name: str) -> list[dict[str, Any]]:
    """The active (pending or firing) alerts called ``name``."""
    return [alert for alert in get_json(f"{api}/api/v1/alerts")["data"]["alerts"]
            if alert["labels"]["alertname"] == name]


def until(what: str, check: Callable[[], Any], seconds: float = 20) -> Any:
    """``check()``'s first true answer within ``seconds`` (an unreachable API is no answer)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError, KeyError, IndexError):
            found = check()
            if found:
                return found
        time.sleep(0.25)
    raise AssertionError(f"Prometheus: {what} did not happen within {seconds} s")
