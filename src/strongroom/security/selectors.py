"""Reads of the findings register: operators only (``platform.view``); it holds no company
data."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from prometheus_client.core import GaugeMetricFamily, Metric

from strongroom.platform.access import policy
from strongroom.platform.access.actor import Actor
from strongroom.platform.access.operators import PLATFORM_VIEW
from strongroom.platform.access.policy import NotFound
from strongroom.security.models import Finding, ScanRun, Status
from strongroom.security.sla import Severity


def findings(actor: Actor, *, status: str | None = None) -> QuerySet[Finding]:
    """The register, due first; ``status`` narrows it."""
    policy.require(actor, PLATFORM_VIEW)
    rows = Finding.objects.select_related("owner")
    return rows.filter(status=status) if status else rows


def finding(actor: Actor, pk: object) -> Finding:
    """One finding, or NotFound (also for a malformed id)."""
    policy.require(actor, PLATFORM_VIEW)
    try:
        return Finding.objects.select_related("owner").get(pk=int(str(pk)))
    except (ValueError, Finding.DoesNotExist):
        raise NotFound() from None


def overdue(actor: Actor, now: datetime) -> QuerySet[Finding]:
    """Open findings past their due date."""
    return findings(actor, status=Status.OPEN).filter(due_at__lt=now)


def expired_exceptions(actor: Actor, today: object) -> QuerySet[Finding]:
    """Accepted findings whose exception has run out."""
    return findings(actor, status=Status.ACCEPTED).filter(exception_expires__lt=today)


def last_scan(actor: Actor, *, ok: bool | None = None) -> ScanRun | None:
    policy.require(actor, PLATFORM_VIEW)
    runs = ScanRun.objects.all() if ok is None else ScanRun.objects.filter(ok=ok)
    return runs.first()


def finding_figures(actor: Actor, now: datetime) -> list[Metric]:
    """Prometheus figures: open findings by severity, overdue ones, the last good scan."""
    open_by = GaugeMetricFamily(
        "strongroom_vulnerability_findings_open", "Open findings by severity.",
        labels=["severity"],
    )
    for severity in Severity:
        open_by.add_metric(
            [severity.value], findings(actor, status=Status.OPEN).filter(
                severity=severity
            ).count(),
        )
    late = GaugeMetricFamily(
        "strongroom_vulnerability_findings_overdue", "Open findings past their due date.",
        overdue(actor, now).count(),
    )
    scan = last_scan(actor, ok=True)
    last = GaugeMetricFamily(
        "strongroom_vulnerability_scan_last_success_timestamp_seconds",
        "When the last complete dependency scan finished (0: never).",
        scan.finished_at.timestamp() if scan else 0,
    )
    return [open_by, late, last]
