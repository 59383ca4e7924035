"""Metrics across gunicorn's worker processes: one fresh directory per instance.

``strongroom serve`` calls :func:`prepare_directory` before it starts gunicorn and the job
worker, and hands the directory to both through ``PROMETHEUS_MULTIPROC_DIR``; prometheus_client
then keeps each process's counters in files there, and a scrape adds them up. The directory is
emptied at every start: figures from an earlier run of the instance would be counted twice.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENV = "PROMETHEUS_MULTIPROC_DIR"


def directory() -> str:
    """The multi-process directory of this process ("" when it keeps its figures in memory)."""
    return os.environ.get(ENV, "")


def prepare_directory(data_dir: Path, port: int) -> Path:
    """A new, empty ``<data dir>/run/metrics-<port>/``, readable by this user only."""
    path = Path(data_dir) / "run" / f"metrics-{port}"
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir(mode=0o700)
    return path
