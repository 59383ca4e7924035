"""One probe run (probe, record, incidents, prune, publish), and the loop that repeats it."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable

from strongroom.platform.status import history, incidents, page, probe
from strongroom.platform.status.config import StatusConfig


class NothingToProbe(ValueError):
    """Neither a public URL nor a local instance is configured."""


def probe_once(config: StatusConfig, *, now: int | None = None) -> list[probe.Observation]:
    """Probe every component once, keep the result and republish the page; what was seen."""
    if not (config.public_url or config.instances):
        raise NothingToProbe(
            "nothing to probe: set STRONGROOM_STATUS_PUBLIC_URL or STRONGROOM_STATUS_INSTANCES"
        )
    at = int(time.time()) if now is None else now
    observations = probe.probe(config)
    with history.opened(config.history_file) as connection:
        history.record_probes(connection, at=at, observations=observations)
        incidents.track_automatic(connection, at=at, observations=observations)
        history.prune(connection, now=at)
    page.publish(config, now=at)
    return observations


def run_loop(
    config: StatusConfig, *, stop: threading.Event,
    report: Callable[[list[probe.Observation] | Exception], None],
) -> None:
    """Probe every ``config.interval`` seconds until ``stop`` is set. A failed run (a full
    disk, say) is reported and the loop goes on."""
    while not stop.is_set():
        started = time.monotonic()
        try:
            report(probe_once(config))
        except (OSError, sqlite3.Error, ValueError, RuntimeError) as error:
            report(error)
        stop.wait(max(0.0, config.interval - (time.monotonic() - started)))
