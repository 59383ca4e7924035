"""The alert rules pass ``promtool check rules`` and ship unchanged with ``strongroom deploy
render``, ``promtool test rules`` proves each alert (tests/metrics/alerts_test.yml), and a real
scrape passes ``promtool check metrics``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.test import Client

from strongroom.deploy import render
from tests.metrics.conftest import TOKEN

PROMTOOL = "/usr/bin/promtool"
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parents[1] / "src/strongroom/deploy/templates"
ALERTS = TEMPLATES / "prometheus/alerts.yml"
EXAMPLE = HERE.parents[1] / "deploy" / "example"  # deploy render's example (deploy/README.md)
ALERT_NAMES = (
    "StrongroomInstanceDown", "StrongroomHighErrorRatio", "StrongroomBackupStale",
    "StrongroomDrillFailed", "StrongroomDrillStale", "StrongroomWalArchiveLagging",
    "StrongroomAuditCheckpointStale", "StrongroomCertificateExpiring",
    "StrongroomKeyRotationOverdue", "StrongroomJobFailed", "StrongroomNotReady",
    "StrongroomSignInFailureSpike", "StrongroomSecondFactorFailureSpike",
    "StrongroomRateLimitSpike", "StrongroomCollectorDown",
)


def promtool(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 - Debian's promtool
        [PROMTOOL, *args], input=stdin, capture_output=True, timeout=120, check=False,
    )


def test_the_rules_are_valid_and_deploy_render_ships_them_unchanged(tmp_path: Path) -> None:
    done = promtool("check", "rules", str(ALERTS))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(ALERT_NAMES)} rules found".encode() in done.stdout

    assert render.rule_files() == ["alerts.yml"]
    assert render.verbatim("prometheus/alerts.yml")  # its {{ $labels }} are Prometheus's own
    shipped = EXAMPLE / "prometheus"
    assert (shipped / "alerts.yml").read_text() == ALERTS.read_text()
    assert "rule_files:\n  - alerts.yml\n" in (shipped / "prometheus.yml").read_text()


def test_every_alert_fires_on_its_series_and_stays_quiet_otherwise() -> None:
    cases = (HERE / "alerts_test.yml").read_text()
    for name in ALERT_NAMES:
        assert f"alertname: {name}\n" in cases, f"no promtool case for {name}"
        assert name in ALERTS.read_text()
    done = promtool("test", "rules", str(HERE / "alerts_test.yml"))
    assert done.returncode == 0, (done.stdout + done.stderr).decode()
    assert b"SUCCESS" in done.stdout


@pytest.mark.django_db
def test_a_real_scrape_passes_the_metrics_lint(client: Client, metrics_token: str) -> None:
    client.get("/healthz")
    client.get("/no/such/page")
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200
    assert b"strongroom_http_requests_total{" in answer.content
    done = promtool("check", "metrics", stdin=answer.content)
    assert done.returncode == 0, (done.stdout + done.stderr).decode()
    assert not done.stdout.strip()
    assert not done.stderr.strip()
