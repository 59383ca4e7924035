"""The real ``strongroom serve`` with two gunicorn workers: one scrape adds up every worker's
counters (multi-process mode); a real Prometheus scrapes it with the bearer token, and alerts
when the instance dies."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.multiprocess import MultiProcessCollector

from strongroom.platform.backups.ports import free_port
from strongroom.platform.metrics.multiprocess import prepare_directory
from tests.metrics.conftest import TOKEN, samples, value
from tests.metrics.instance import migrated, served
from tests.metrics.prometheus_api import alerts, get_json, until

pytestmark = pytest.mark.sqlite_only  # an installation of its own on the embedded default

ALERTS = (
    Path(__file__).resolve().parents[2]
    / "src/strongroom/deploy/templates/prometheus/alerts.yml"
)
HEALTH = {"route": "web:health", "method": "GET", "status": "200"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated data directory, copied by each test."""
    return migrated(tmp_path_factory.mktemp("metrics-installation") / "data")


def test_the_metrics_directory_starts_empty(tmp_path: Path) -> None:
    stale = tmp_path / "run" / "metrics-8000"
    stale.mkdir(parents=True)
    (stale / "counter_123.db").write_bytes(b"old figures")
    fresh = prepare_directory(tmp_path, 8000)
    assert fresh == stale
    assert list(fresh.iterdir()) == []
    assert fresh.stat().st_mode & 0o777 == 0o700


def test_one_scrape_adds_up_every_worker(template: Path, tmp_path: Path) -> None:
    with served(template, tmp_path, workers=2) as instance:
        assert instance.get("/metrics")[0] == 404  # no token: like an unknown path
        status, before = instance.get("/metrics", TOKEN)
        assert status == 200
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: instance.get_status("/healthz"), range(60)))
        assert answers == [200] * 60
        status, after = instance.get("/metrics", TOKEN)
        counted = value(samples(after), "strongroom_http_requests_total", **HEALTH) or 0
        assert counted - (value(samples(before), "strongroom_http_requests_total", **HEALTH)
                          or 0) == 60

        # Each worker keeps its own file; the scrape is their sum, and both took requests.
        per_worker = []
        for path in sorted(instance.metrics_dir.glob("counter_*.db")):
            found = {
                (sample.name, frozenset(sample.labels.items())): sample.value
                for metric in MultiProcessCollector.merge([str(path)], accumulate=True)
                for sample in metric.samples
            }
            per_worker.append(value(found, "strongroom_http_requests_total", **HEALTH) or 0)
        assert len([count for count in per_worker if count]) >= 2, per_worker
        assert sum(per_worker) == counted


@contextlib.contextmanager
def prometheus(config: dict[str, Any], work: Path) -> Iterator[str]:
    """``/usr/bin/prometheus`` with ``config``, its data in ``work``; yields its base URL."""
    (work / "prometheus.yml").write_text(json.dumps(config))  # JSON is YAML
    port = free_port()
    log = (work / "prometheus.log").open("wb")
    process = subprocess.Popen(  # noqa: S603
        ["/usr/bin/prometheus", f"--config.file={work / 'prometheus.yml'}",
         f"--storage.tsdb.path={work / 'tsdb'}", f"--web.listen-address=127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        until("start", lambda: urllib.request.urlopen(f"{url}/-/ready", timeout=2))  # noqa: S310
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def test_prometheus_scrapes_with_the_token_and_alerts_when_the_instance_dies(
    template: Path, tmp_path: Path
) -> None:
    """The shipped rules, with every ``for:`` cut to 0s in this copy so that the test need not
    wait a minute: StrongroomInstanceDown goes from the scrape failing to firing."""
    (tmp_path / "app").mkdir()
    token = tmp_path / "metrics-token"
    token.write_text(TOKEN + "\n")
    rules = tmp_path / "alerts.yml"
    rules.write_text(re.sub(r"(?m)^(\s+)for: \S+$", r"\1for: 0s", ALERTS.read_text()))
    with served(template, tmp_path / "app", workers=2) as instance:
        target = f"127.0.0.1:{instance.port}"
        config = {
            "global": {"scrape_interval": "1s", "scrape_timeout": "1s",
                       "evaluation_interval": "1s"},
            "rule_files": [str(rules)],
            "scrape_configs": [{
                "job_name": "strongroom", "metrics_path": "/metrics",
                "authorization": {"type": "Bearer", "credentials_file": str(token)},
                "static_configs": [{"targets": [target]}],
            }],
        }
        with prometheus(config, tmp_path) as api:
            def target_health() -> str:
                active = get_json(f"{api}/api/v1/targets")["data"]["activeTargets"]
                return str(active[0]["health"]) if active[0]["health"] != "unknown" else ""

            assert until("the first scrape", target_health) == "up"
            assert instance.get_status("/healthz") == 200
            query = urllib.parse.quote('strongroom_http_requests_total{route="web:health"}')
            series = until("the request count", lambda: get_json(
                f"{api}/api/v1/query?query={query}")["data"]["result"])
            assert series[0]["metric"]["job"] == "strongroom"
            assert float(series[0]["value"][1]) >= 1

            instance.kill()

            down = until("StrongroomInstanceDown", lambda: alerts(api, "StrongroomInstanceDown"))
            assert down[0]["labels"]["instance"] == target
            assert down[0]["state"] in ("pending", "firing")
            assert until("the target down", target_health) == "down"
