"""The answer to a scrape: the counters of every process of this instance and the figures read
now, in Prometheus' text format, for a caller holding the bearer token."""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from strongroom.platform.metrics.collectors import ScrapeCollector
from strongroom.platform.metrics.multiprocess import directory
from strongroom.platform.metrics.registry import REGISTRY

PATH = "/metrics"


def authorized(request: HttpRequest) -> bool:
    """Whether the request carries ``Authorization: Bearer <STRONGROOM_METRICS_TOKEN>``. No
    token configured: nobody is."""
    token = settings.STRONGROOM_METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


class Scrape(Collector):
    """This instance's counters (all its processes' in multi-process mode) and the figures
    read at scrape time."""

    def collect(self) -> Iterator[Metric]:
        counters: Collector = REGISTRY
        if directory():
            counters = CollectorRegistry()
            MultiProcessCollector(counters, path=directory())
        yield from counters.collect()
        yield from ScrapeCollector().collect()


def scrape() -> HttpResponse:
    """The classic text format (0.0.4), which every Prometheus 2 reads."""
    response = HttpResponse(generate_latest(Scrape()), content_type=CONTENT_TYPE_PLAIN_0_0_4)
    response["Cache-Control"] = "no-store"
    return response
