"""gunicorn's configuration hooks for ``strongroom serve`` (``--config python:<this module>``).

When a worker exits, its live gauges are dropped from the multi-process directory; its counters
stay, so that totals never go backwards when gunicorn replaces a worker.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import multiprocess

from strongroom.platform.metrics.multiprocess import directory


def child_exit(server: Any, worker: Any) -> None:
    if directory():
        multiprocess.mark_process_dead(worker.pid, directory())
