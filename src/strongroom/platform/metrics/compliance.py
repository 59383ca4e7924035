"""Live checks of what the metrics and status page show (P-F5, P-G7, P-H1) for the compliance
report."""

from __future__ import annotations

import time

from django.conf import settings

from strongroom.platform import readiness
from strongroom.platform.access.actor import Actor
from strongroom.platform.compliance.registry import Outcome, check, failed, passed, warned

STALE_AFTER_INTERVALS = 5  # as the page itself says it is stale


@check("P-F5", "Health endpoints and status page")
def health(actor: Actor) -> Outcome:
    """This instance is ready, ``/metrics`` is on and the status page is fresh."""
    problems = readiness.failing()
    page = settings.STRONGROOM_STATUS_DIR / "status.json"
    age = int(time.time() - page.stat().st_mtime) if page.exists() else None
    evidence = {
        "not_ready": sorted(problems), "metrics_endpoint": bool(settings.STRONGROOM_METRICS_TOKEN),
        "status_page_age_seconds": age,
    }
    if problems:
        return failed(f"this instance is not ready: {', '.join(sorted(problems))}", **evidence)
    if age is None or age > STALE_AFTER_INTERVALS * settings.STRONGROOM_STATUS_INTERVAL_SECONDS:
        return warned("the status page is missing or stale (is `strongroom status probe` "
                      "running?)", **evidence)
    return passed("ready; the status page is fresh", **evidence)


@check("P-G7", "Anomaly alerts")
def anomaly_alerts(actor: Actor) -> Outcome:
    return warned("partial: spikes of failed sign-ins, wrong codes and rate limits alert "
                  "through Prometheus; mass exports and unusual impersonation do not yet",
                  metrics_endpoint=bool(settings.STRONGROOM_METRICS_TOKEN))


@check("P-H1", "Performance")
def performance(actor: Actor) -> Outcome:
    return warned("partial: history, keys and files are measured by bench/ (docs/performance.md); "
                  "no load benchmark of web and API requests exists", measured_by="bench/")
