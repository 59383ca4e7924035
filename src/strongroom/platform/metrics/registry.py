"""The counters and histograms every process keeps, and the hooks that move them.

Labels are low in cardinality and never name a company or a person: the route is the URL's
name (``unmatched`` when none), the database its alias, the job its registered name (label
``job_name``: Prometheus keeps ``job`` for the scrape job), the limit a fixed word. With
``PROMETHEUS_MULTIPROC_DIR`` set (``strongroom serve``), prometheus_client keeps the values in
files there, one per process, and a scrape adds them up (``exposition.py``); without it, in
this process's memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics

disable_created_metrics()  # the _created series double every counter and help no alert
REGISTRY = CollectorRegistry(auto_describe=True)

HTTP_REQUESTS = Counter(
    "strongroom_http_requests", "HTTP requests answered, by route name, method and status.",
    ("route", "method", "status"), registry=REGISTRY,
)
HTTP_DURATION = Histogram(
    "strongroom_http_request_duration_seconds",
    "Time to answer an HTTP request, by route name and method.",
    ("route", "method"), registry=REGISTRY,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DB_QUERIES = Counter(
    "strongroom_db_queries", "Database queries run, by database alias.",
    ("database",), registry=REGISTRY,
)
DB_SECONDS = Counter(
    "strongroom_db_query_seconds", "Time spent in database queries, by database alias.",
    ("database",), registry=REGISTRY,
)
JOB_RUNS = Counter(
    "strongroom_job_runs", "Periodic job runs finished, by job name.", ("job_name",),
    registry=REGISTRY,
)
JOB_FAILURES = Counter(
    "strongroom_job_failures", "Periodic job runs that failed, by job name.", ("job_name",),
    registry=REGISTRY,
)
RATE_LIMIT_HITS = Counter(
    "strongroom_rate_limit_hits",
    "Requests refused by a rate limit: signin (allauth's limits and the installation-wide "
    "ceiling), http (a 429 page), code_failures, code_sends (second-factor codes).",
    ("limit",), registry=REGISTRY,
)
SIGNIN_FAILURES = Counter(
    "strongroom_signin_failures", "Sign-ins refused for a wrong password.", registry=REGISTRY,
)
SECOND_FACTOR_FAILURES = Counter(
    "strongroom_second_factor_failures",
    "Wrong second-factor codes entered at sign-in or re-authentication.", registry=REGISTRY,
)
LIMITS = ("signin", "http", "code_failures", "code_sends")


def rate_limit_hit(limit: str) -> None:
    """One request refused by the rate limit ``limit`` (one of ``LIMITS``)."""
    RATE_LIMIT_HITS.labels(limit if limit in LIMITS else "other").inc()


def signin_failed() -> None:
    SIGNIN_FAILURES.inc()


def second_factor_failed() -> None:
    SECOND_FACTOR_FAILURES.inc()


def request_answered(*, route: str, method: str, status: int, seconds: float) -> None:
    method = method if method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE") else "other"
    HTTP_REQUESTS.labels(route, method, str(status)).inc()
    HTTP_DURATION.labels(route, method).observe(seconds)


def _count_query(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        alias = context["connection"].alias
        DB_QUERIES.labels(alias).inc()
        DB_SECONDS.labels(alias).inc(time.perf_counter() - start)


def watch_queries(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: count the new connection's queries (once per connection object,
    which outlives its reconnections)."""
    if _count_query not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _count_query)


def count_job(sender: Any, *, job: str, failed: bool, **kwargs: Any) -> None:
    """``jobs.tasks.job_finished``: one run of ``job`` ended."""
    JOB_RUNS.labels(job).inc()
    if failed:
        JOB_FAILURES.labels(job).inc()
