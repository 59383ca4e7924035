"""The catalogue of periodic jobs, declared with ``@periodic`` next to the code they run."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from strongroom.platform.access.actor import Actor

JobFunction = Callable[["Actor"], Any]
NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    function: JobFunction
    description: str

    def slot(self, now: datetime) -> datetime:
        """The start of the slot ``now`` falls in; slots are aligned to the Unix epoch."""
        period = int(self.every.total_seconds())
        elapsed = int((now - EPOCH).total_seconds())
        return EPOCH + timedelta(seconds=elapsed - elapsed % period)


_JOBS: dict[str, PeriodicJob] = {}


def periodic(*, name: str, every: timedelta) -> Callable[[JobFunction], JobFunction]:
    """Register the decorated function to run once per ``every``, as a system actor.

    The name (``area.verb``, e.g. ``sessions.clear_expired``) is what run records show; keep it
    stable. The function receives the job's Actor and may return a short summary string.
    """
    if not NAME.match(name):
        raise ValueError(f"job name {name!r} must look like 'area.action' (lower case)")
    seconds = every.total_seconds()
    if seconds < 1 or seconds != int(seconds):
        raise ValueError(f"job {name}: the interval must be a whole number of seconds, at least 1")

    def register(function: JobFunction) -> JobFunction:
        job = PeriodicJob(name, every, function, (function.__doc__ or "").strip().split("\n")[0])
        existing = _JOBS.get(name)
        if existing is not None and existing.function is not function:
            raise ValueError(f"periodic job {name} is registered twice")
        _JOBS[name] = job
        return function

    return register


def get(name: str) -> PeriodicJob:
    """The registered job called ``name``; KeyError if there is none."""
    return _JOBS[name]


def all_jobs() -> list[PeriodicJob]:
    """Every registered job, by name."""
    return sorted(_JOBS.values(), key=lambda job: job.name)


def unregister(name: str) -> None:
    """Remove a job (tests that declare their own)."""
    _JOBS.pop(name, None)
