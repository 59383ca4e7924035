"""The status settings from the environment: defaults per environment, and malformed values
refused at start-up with the variable named."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_settings import production, run

PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([str(s.STRONGROOM_STATUS_DIR), s.STRONGROOM_STATUS_PUBLIC_URL, "
    "s.STRONGROOM_STATUS_CA_FILE, s.STRONGROOM_STATUS_INSTANCES, "
    "s.STRONGROOM_STATUS_TIMEOUT_SECONDS, s.STRONGROOM_STATUS_INTERVAL_SECONDS]))"
)


def settings_of(tmp_path: Path, **extra: str) -> list:
    result = run(tmp_path, "-c", PRINT, **extra)
    assert result.returncode == 0, result.stderr
    values: list = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def test_development_defaults(tmp_path: Path) -> None:
    data = (tmp_path / "data").resolve()
    assert settings_of(tmp_path) == [
        str(data / "status" / "public"), "", "", ["http://127.0.0.1:8000"], 5, 60,
    ]


def test_production_probes_the_first_allowed_host(tmp_path: Path) -> None:
    found = settings_of(tmp_path, **production(STRONGROOM_ALLOWED_HOSTS="records.example.com,x"))
    assert found[1:4] == ["https://records.example.com", "", []]


def test_explicit_values(tmp_path: Path) -> None:
    found = settings_of(
        tmp_path, STRONGROOM_STATUS_DIR=str(tmp_path / "www"),
        STRONGROOM_STATUS_PUBLIC_URL="https://status.example/",
        STRONGROOM_STATUS_CA_FILE="/etc/ca.pem",
        STRONGROOM_STATUS_INSTANCES="http://127.0.0.1:8001/, http://127.0.0.1:8002",
        STRONGROOM_STATUS_TIMEOUT_SECONDS="3", STRONGROOM_STATUS_INTERVAL_SECONDS="30",
    )
    assert found == [
        str((tmp_path / "www").resolve()), "https://status.example", "/etc/ca.pem",
        ["http://127.0.0.1:8001", "http://127.0.0.1:8002"], 3, 30,
    ]


def test_malformed_values_stop_start_up(tmp_path: Path) -> None:
    for variable, value, message in [
        ("STRONGROOM_STATUS_PUBLIC_URL", "ftp://x", "must be an http(s) URL"),
        ("STRONGROOM_STATUS_INSTANCES", "127.0.0.1:8000", "is not an http(s) URL"),
        ("STRONGROOM_STATUS_TIMEOUT_SECONDS", "0", "must be at least 1"),
        ("STRONGROOM_STATUS_INTERVAL_SECONDS", "1", "must be at least 5"),
    ]:
        result = run(tmp_path, "-c", PRINT, **{variable: value})
        assert result.returncode != 0
        assert variable in result.stderr
        assert message in result.stderr


def test_production_refuses_a_plain_http_public_url(tmp_path: Path) -> None:
    result = run(
        tmp_path, "-c", PRINT, **production(STRONGROOM_STATUS_PUBLIC_URL="http://example.com")
    )
    assert result.returncode != 0
    assert "STRONGROOM_STATUS_PUBLIC_URL must use https" in result.stderr


def test_the_rendered_probe_unit_configures_the_prober(tmp_path: Path) -> None:
    """The example rendering's probe unit (deploy/example/) names what the prober reads."""
    example = Path(__file__).resolve().parents[2] / "deploy" / "example" / "systemd"
    unit = example / "strongroom-status-probe.service"
    pairs = dict(
        line.removeprefix("Environment=").split("=", 1)
        for line in unit.read_text().splitlines() if line.startswith("Environment=")
    )
    assert set(pairs) == {
        "STRONGROOM_STATUS_DIR", "STRONGROOM_STATUS_PUBLIC_URL", "STRONGROOM_STATUS_INSTANCES",
    }
    found = settings_of(tmp_path, **production(STRONGROOM_ALLOWED_HOSTS="records.example.com"),
                        **pairs)
    assert found[:4] == [
        "/var/lib/strongroom/status/public", "https://records.example.com", "",
        ["http://127.0.0.1:8001", "http://127.0.0.1:8002", "http://127.0.0.1:8003"],
    ]
