"""gunicorn's configuration hooks for ``strongroom serve`` (``--config python:<this module>``).

The application is loaded once, in gunicorn's master, before it forks the workers
(``preload_app``): the workers share its code and read-only data instead of each loading its own
copy. The master then closes every database connection that loading opened (the key store's
start-up check), so each worker opens its own after the fork; nothing else that loading touches
holds a connection or a thread (the Redis cache and the metrics files connect lazily and check
their process id).
"""

from __future__ import annotations

from typing import Any

from strongroom.platform.metrics.gunicorn_hooks import child_exit

__all__ = ["child_exit", "post_worker_init", "preload_app", "when_ready"]

preload_app = True


def when_ready(server: Any) -> None:
    """In the master, after the application is loaded and before any worker is forked: import
    everything the URL map names (what a worker's first request would import, now shared), then
    close the database connections loading opened, so that no worker inherits one."""
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - populating it imports every view module
    connections.close_all()


def post_worker_init(worker: Any) -> None:
    """Read the migration state before the first request, so that a new worker's first
    ``/readyz`` answers within the proxy's check time-out (it is read once per process)."""
    from strongroom.platform.readiness import migrations_applied

    migrations_applied()  # a failure is answered by /readyz itself, on every probe
