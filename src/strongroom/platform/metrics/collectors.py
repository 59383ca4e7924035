"""Figures read at scrape time, in the process that answers the scrape: readiness, job runs,
backups, the audit chain's checkpoints, key ages and the TLS certificate's expiry.

Each source reads its data in full before it yields anything. A source that cannot read its
data yields nothing and reports ``strongroom_metrics_collector_up{collector="..."} 0``: an age
it could not read is never shown as fresh, and a missing figure lets ``absent()`` alerts fire.
A source that does not apply here (WAL archiving on SQLite, no certificate configured) is left
out, ``up`` included. Ages are in seconds; +Inf means "never" (no good backup yet).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from strongroom.platform import readiness
from strongroom.platform.access.actor import Actor, system_actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.history import checkpoints
from strongroom.platform.jobs.models import JobRun
from strongroom.platform.jobs.selectors import job_schedule, last_successes
from strongroom.platform.keys import status as key_status
from strongroom.platform.metrics import backup_figures

logger = logging.getLogger(__name__)
INF = math.inf
Source = Callable[[Actor, datetime], "list[Metric] | None"]


def metrics_actor() -> Actor:
    """The scrape's actor: sees platform health (``platform.view``), never company data."""
    return replace(
        system_actor(job="metrics"), platform=True, permissions=frozenset({PLATFORM_VIEW})
    )


def age(since: datetime | None, now: datetime) -> float:
    return INF if since is None else max(0.0, (now - since).total_seconds())


def gauge(name: str, documentation: str, value: float | None = None) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def readiness_figures(actor: Actor, now: datetime) -> list[Metric]:
    failing = readiness.failing()
    ready = GaugeMetricFamily(
        "strongroom_ready", "1 when the readiness check of the component passes (/readyz).",
        labels=["component"],
    )
    for component in readiness.CHECKS:
        ready.add_metric([component], 0 if component in failing else 1)
    return [ready]


def job_figures(actor: Actor, now: datetime) -> list[Metric]:
    """From the run records, whichever process ran the jobs (a worker of its own included)."""
    schedule, succeeded = job_schedule(actor), last_successes(actor)
    success_age = GaugeMetricFamily(
        "strongroom_job_last_success_age_seconds",
        "Age of the job's latest successful run (+Inf: none yet).", labels=["job_name"],
    )
    failed = GaugeMetricFamily(
        "strongroom_job_last_run_failed", "1 when the job's latest run failed.",
        labels=["job_name"],
    )
    for job in schedule:
        success_age.add_metric([job.name], age(succeeded.get(job.name), now))
        last = job.last_run
        failed.add_metric(
            [job.name], 1 if last is not None and last.status == JobRun.Status.FAILED else 0
        )
    return [success_age, failed]


def audit_figures(actor: Actor, now: datetime) -> list[Metric]:
    unsigned = checkpoints.oldest_unsigned_entry()
    newest = checkpoints.newest_checkpoint_time()
    return [
        gauge(
            "strongroom_audit_unsigned_age_seconds",
            "Age of the oldest audit or access-log entry no signed checkpoint covers (0: none).",
            0.0 if unsigned is None else age(unsigned, now),
        ),
        gauge(
            "strongroom_audit_checkpoint_age_seconds",
            "Age of the newest signed checkpoint of any chain (+Inf: none yet).",
            age(newest, now),
        ),
    ]


def key_figures(actor: Actor, now: datetime) -> list[Metric]:
    current = [v for v in key_status.root_versions(actor) if v.state == "current"]
    if not current or current[0].first_seen is None:
        raise LookupError("the current root key version has no check value")
    company = key_status.oldest_active_company_key(actor)
    figures: list[Metric] = [
        gauge(
            "strongroom_keys_root_key_age_seconds",
            "Age of the current root key version.", age(current[0].first_seen, now),
        ),
    ]
    if company is not None:
        figures.append(gauge(
            "strongroom_keys_company_key_oldest_age_seconds",
            "Age of the oldest active company key-encryption key.", age(company, now),
        ))
    period = GaugeMetricFamily(
        "strongroom_keys_rotation_period_seconds", "Rotation period of the key class.",
        labels=["key"],
    )
    period.add_metric(["root"], settings.STRONGROOM_KEY_ROTATION_ROOT_DAYS * 86400)
    period.add_metric(["company"], settings.STRONGROOM_KEY_ROTATION_COMPANY_DAYS * 86400)
    return [*figures, period]


def certificate_figures(actor: Actor, now: datetime) -> list[Metric] | None:
    """The earliest expiry among the certificates in ``STRONGROOM_TLS_CERT_FILE``."""
    path = settings.STRONGROOM_TLS_CERT_FILE
    if not path:
        return None
    marker = b"-----BEGIN CERTIFICATE-----"
    blocks = Path(path).read_bytes().split(marker)[1:]
    if not blocks:
        raise ValueError("no certificate in the file")
    expiries = [
        x509.load_pem_x509_certificate(marker + block).not_valid_after_utc for block in blocks
    ]
    return [gauge(
        "strongroom_tls_certificate_expiry_timestamp_seconds",
        "When the earliest certificate of STRONGROOM_TLS_CERT_FILE expires (Unix time).",
        min(expiries).timestamp(),
    )]


SOURCES: dict[str, Source] = {
    "readiness": readiness_figures,
    "jobs": job_figures,
    "backups": backup_figures.backup_figures,
    "wal_archive": backup_figures.wal_archive_figures,
    "audit": audit_figures,
    "keys": key_figures,
    "tls_certificate": certificate_figures,
}


class ScrapeCollector(Collector):
    """Every source, evaluated once per scrape, with one ``up`` figure each."""

    def __init__(self, sources: dict[str, Source] | None = None) -> None:
        self.sources = SOURCES if sources is None else sources

    def collect(self) -> Iterator[Metric]:
        actor, now = metrics_actor(), timezone.now()
        up = GaugeMetricFamily(
            "strongroom_metrics_collector_up",
            "1 when the collector read its data source at this scrape, 0 when it could not.",
            labels=["collector"],
        )
        for name, source in self.sources.items():
            try:
                figures = source(actor, now)
            except Exception as exc:  # any failure: the figures are unknown, never healthy
                logger.warning("metrics collector %s failed: %s", name, type(exc).__name__)
                up.add_metric([name], 0)
                continue
            if figures is None:
                continue
            up.add_metric([name], 1)
            yield from figures
        yield up


def chain(*collectors: Collector) -> Iterable[Metric]:
    for collector in collectors:
        yield from collector.collect()
