"""Calls of the backup machinery's actions for the every-action history test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from strongroom.platform.access.actor import Actor
from strongroom.platform.backups import actions
from strongroom.platform.backups.models import BackupRun
from tests.conftest import World

Build = Callable[[World, Actor], dict[str, Any]]


def _run(world: World, platform: Actor) -> BackupRun:
    now = timezone.now()
    return BackupRun.objects.create(
        run_id="r1", location="local", started_at=now, finished_at=now, ok=True
    )


def _times() -> dict[str, Any]:
    now = timezone.now()
    return {"started_at": now, "finished_at": now}


CASES: dict[Callable[..., Any], Build] = {
    actions.record_backup_run: lambda w, p: {
        "actor": p, "run_id": "r1", "location": "local", **_times(), "parts": {}, "counts": {},
    },
    actions.report_backup_overdue: lambda w, p: {
        "actor": p, "run": _run(w, p), "age_minutes": 180,
    },
    actions.report_passphrase_rotated: lambda w, p: {"actor": p, "run": _run(w, p)},
    actions.record_keys_forgotten: lambda w, p: {
        "actor": p, "run": _run(w, p), "before": timezone.now(), "count": 2,
    },
    actions.record_restore: lambda w, p: {
        "actor": p, "run": _run(w, p), "target": "/srv/restored", "seconds": 1.5,
    },
    actions.record_drill_run: lambda w, p: {
        "actor": p, "location": "local", "backup": _run(w, p), **_times(),
        "checks": {"digest": "ok"},
    },
}
