"""gunicorn's configuration hooks for ``strongroom serve`` (``--config python:<this module>``)."""

from __future__ import annotations

from typing import Any

from strongroom.platform.metrics.gunicorn_hooks import child_exit

__all__ = ["child_exit", "post_worker_init"]


def post_worker_init(worker: Any) -> None:
    """Read the migration state before the first request, so that a new worker's first
    ``/readyz`` answers within the proxy's check time-out (it is read once per process)."""
    from strongroom.platform.readiness import migrations_applied

    migrations_applied()  # a failure is answered by /readyz itself, on every probe
