"""Scrape-time figures of backups (P-F1, P-F3), read through the backups selectors: the age of
each location's last good backup, whether its latest attempt failed, its restore drills; and,
on PostgreSQL, WAL archiving as pgBackRest's status module reads it."""

from __future__ import annotations

import math
from datetime import datetime

from django.conf import settings
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from strongroom.platform.access.actor import Actor
from strongroom.platform.backups import pgbackrest_status, postgresql
from strongroom.platform.backups.selectors import last_good_drills, location_status


def _age(since: datetime | None, now: datetime) -> float:
    return math.inf if since is None else max(0.0, (now - since).total_seconds())


def _by_location(name: str, documentation: str) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, labels=["location"])


def backup_figures(actor: Actor, now: datetime) -> list[Metric]:
    statuses = location_status(actor, now=now)
    good_drills = last_good_drills(actor)
    backup_age = _by_location(
        "strongroom_backup_age_seconds",
        "Age of the location's last successful backup (+Inf: none yet).",
    )
    failing = _by_location(
        "strongroom_backup_failing", "1 when the location's latest backup attempt failed."
    )
    drill_ok = _by_location(
        "strongroom_backup_drill_ok",
        "1 when the location's latest restore drill passed, 0 when it failed (absent: none).",
    )
    drill_age = _by_location(
        "strongroom_backup_drill_success_age_seconds",
        "Age of the location's latest passing restore drill (+Inf: none yet).",
    )
    for status in statuses:
        good = status.last_good
        backup_age.add_metric([status.name], _age(good.finished_at if good else None, now))
        failing.add_metric([status.name], 1 if status.failing else 0)
        if status.last_drill is not None:
            drill_ok.add_metric([status.name], 1 if status.last_drill.ok else 0)
        drill_age.add_metric([status.name], _age(good_drills.get(status.name), now))
    enabled = GaugeMetricFamily(
        "strongroom_backup_enabled", "1 when backups are on (STRONGROOM_BACKUP_ENABLED).",
        value=1 if settings.STRONGROOM_BACKUP_ENABLED else 0,
    )
    return [backup_age, failing, drill_ok, drill_age, enabled]


def wal_archive_figures(actor: Actor, now: datetime) -> list[Metric] | None:
    """WAL archiving's lag, on PostgreSQL with backups on: segments waiting for
    archive_command, the age of the last archived one, and the archiver's failures."""
    if not postgresql.in_use() or not settings.STRONGROOM_BACKUP_ENABLED:
        return None
    status = pgbackrest_status.archive_status(
        postgresql.configured_setup(), with_repositories=False
    )
    failures = CounterMetricFamily(
        "strongroom_backup_wal_archive_failures",
        "WAL segments the archiver failed to archive (pg_stat_archiver.failed_count).",
        value=status.failed_count,
    )
    return [
        GaugeMetricFamily(
            "strongroom_backup_wal_ready_segments",
            "WAL segments finished but not yet archived (the archive lag).",
            value=status.ready_segments,
        ),
        GaugeMetricFamily(
            "strongroom_backup_wal_last_archived_age_seconds",
            "Age of the last archived WAL segment (+Inf: none yet).",
            value=_age(status.last_archived_time, now),
        ),
        failures,
    ]
