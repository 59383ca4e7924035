"""Prometheus in the local stack: Debian's ``/usr/bin/prometheus`` on 127.0.0.1 with the
``prometheus.yml`` (and ``alerts.yml``) that ``strongroom deploy render`` wrote for the stack,
scraping every app instance's /metrics with the stack's metrics token."""

from __future__ import annotations

import os
from pathlib import Path

from strongroom.deploy.installation import Installation
from strongroom.deploy.stack.processes import Process, free_port, spawn, wait_http_ok

BINARY = "/usr/bin/prometheus"
# The stack scrapes and evaluates the rules every 3 s (production: 15 s), so that a dead
# instance shows in Prometheus within seconds.
SCRAPE_SECONDS = 3


def url(process: Process) -> str:
    return f"http://127.0.0.1:{process.port}"


def start_prometheus(stack_dir: Path, described: Installation) -> Process:
    """Prometheus on the rendered configuration, its data in ``<stack>/prometheus``; waited
    for until it answers ready."""
    port = free_port()
    process = spawn(
        role="prometheus", port=port, log=stack_dir / "logs" / "prometheus.log",
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, cwd=stack_dir,
        argv=[BINARY,
              f"--config.file={described.config_dir / 'prometheus' / 'prometheus.yml'}",
              f"--storage.tsdb.path={stack_dir / 'prometheus'}",
              f"--web.listen-address=127.0.0.1:{port}"],
    )
    wait_ready(process, seconds=60)
    return process


def wait_ready(process: Process, *, seconds: float) -> None:
    """Until ``/-/ready`` answers 200 (Prometheus has loaded its configuration and rules)."""
    wait_http_ok(process, f"{url(process)}/-/ready", seconds=seconds, timeout=2)
